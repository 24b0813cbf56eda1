namespace WechatCare.Domain.Delivery;

/// <summary>
/// The subscribe-grant ledger: how many mini-program subscribe messages of one template a person still accepts.
/// Each accepted popup adds one; each send spends one; WeChat's 43101 means none is left. A long-term grant
/// (where the account has them) is never spent.
/// </summary>
public sealed class SubscribeGrant
{
    private SubscribeGrant() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string TemplateId { get; private set; } = "";
    public int Remaining { get; private set; }
    public bool LongTerm { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public bool Usable => LongTerm || Remaining > 0;

    public static SubscribeGrant For(Guid userId, string templateId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        TemplateId = templateId,
        UpdatedAtUtc = now.UtcDateTime,
    };

    /// <summary>The person accepted the popup once more (or switched on the long-term subscription).</summary>
    public void Add(bool longTerm, DateTimeOffset now)
    {
        if (longTerm) LongTerm = true;
        else Remaining++;
        UpdatedAtUtc = now.UtcDateTime;
    }

    /// <summary>The person refused or switched the subscription off: nothing is left.</summary>
    public void Revoke(DateTimeOffset now)
    {
        Remaining = 0;
        LongTerm = false;
        UpdatedAtUtc = now.UtcDateTime;
    }
}
