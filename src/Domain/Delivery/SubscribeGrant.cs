namespace WechatCare.Domain.Delivery;

/// <summary>Who told us about a subscribe popup's answer: the mini-program (its <c>wx.requestSubscribeMessage</c> callback) or WeChat's push.</summary>
public enum GrantReporter { MiniProgram, WechatPush }

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

    /// <summary>Concurrency token: the dispatcher spends and zeroes with set-based updates that bump it too.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// The last acceptance one side reported that the other side has not reported yet. One popup answer reaches us twice
    /// when the mini-program reports it and WeChat pushes <c>subscribe_msg_popup_event</c>: the second report is the same
    /// acceptance, not a new send.
    /// </summary>
    public GrantReporter? UnmatchedReportBy { get; private set; }
    public DateTime? UnmatchedReportAtUtc { get; private set; }

    /// <summary>How far apart the two reports of one popup answer may arrive (both usually come within seconds).</summary>
    public static readonly TimeSpan SameAnswerWindow = TimeSpan.FromMinutes(2);

    public bool Usable => LongTerm || Remaining > 0;

    public static SubscribeGrant For(Guid userId, string templateId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        TemplateId = templateId,
        UpdatedAtUtc = now.UtcDateTime,
    };

    /// <summary>
    /// The person accepted the popup once more (or switched on the long-term subscription), as <paramref name="reporter"/>
    /// tells us. The other side's report of the same answer, within <see cref="SameAnswerWindow"/>, adds nothing.
    /// </summary>
    public void Add(bool longTerm, GrantReporter reporter, DateTimeOffset now)
    {
        var nowUtc = now.UtcDateTime;
        if (longTerm) LongTerm = true;
        if (UnmatchedReportBy is { } earlier && earlier != reporter && nowUtc - UnmatchedReportAtUtc <= SameAnswerWindow)
            (UnmatchedReportBy, UnmatchedReportAtUtc) = (null, null);
        else
        {
            if (!longTerm) Remaining++;
            (UnmatchedReportBy, UnmatchedReportAtUtc) = (reporter, nowUtc);
        }
        Touch(now);
    }

    /// <summary>The person refused or switched the subscription off: nothing is left.</summary>
    public void Revoke(DateTimeOffset now)
    {
        Remaining = 0;
        LongTerm = false;
        (UnmatchedReportBy, UnmatchedReportAtUtc) = (null, null);
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAtUtc = now.UtcDateTime;
        Version++;
    }
}
