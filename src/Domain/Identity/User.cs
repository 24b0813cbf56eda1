namespace WechatCare.Domain.Identity;

/// <summary>
/// A person known to us through WeChat. The mini-program openid is how they log in; the Official Account openid
/// is linked later (through unionid or a bind code) so the bot can reach them. None of these is ever logged.
/// </summary>
public sealed class User
{
    private User() { }

    public Guid Id { get; private set; }
    public string? MiniProgramOpenId { get; private set; }
    public string? OfficialAccountOpenId { get; private set; }
    public string? UnionId { get; private set; }
    /// <summary>The WeChat session key, field-encrypted; it never leaves the server.</summary>
    public string? SessionKeyCipher { get; private set; }
    public string? DisplayName { get; private set; }
    public bool IsPlatformAdmin { get; private set; }
    /// <summary>Follows the Official Account (its subscribe/unsubscribe events, or a 43004 from WeChat, keep this current).</summary>
    public bool FollowsOfficialAccount { get; private set; }
    /// <summary>The person's last message to the Official Account: opens WeChat's 48-hour customer-service window.</summary>
    public DateTime? LastOfficialAccountMessageAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime LastLoginAtUtc { get; private set; }

    public static User FromMiniProgramLogin(string openId, string? unionId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        MiniProgramOpenId = openId,
        UnionId = unionId,
        CreatedAtUtc = now.UtcDateTime,
        LastLoginAtUtc = now.UtcDateTime,
    };

    public void RecordLogin(string? unionId, string sessionKeyCipher, DateTimeOffset now)
    {
        UnionId ??= unionId;
        SessionKeyCipher = sessionKeyCipher;
        LastLoginAtUtc = now.UtcDateTime;
    }

    public void MakePlatformAdmin() => IsPlatformAdmin = true;

    public void Rename(string displayName) => DisplayName = displayName;

    public void LinkOfficialAccount(string officialAccountOpenId) => OfficialAccountOpenId = officialAccountOpenId;

    public void FollowOfficialAccount() => FollowsOfficialAccount = true;

    public void UnfollowOfficialAccount() => FollowsOfficialAccount = false;

    public void RecordOfficialAccountMessage(DateTimeOffset now) => LastOfficialAccountMessageAtUtc = now.UtcDateTime;
}
