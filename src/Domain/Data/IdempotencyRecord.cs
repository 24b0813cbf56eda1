namespace WechatCare.Domain.Data;

/// <summary>
/// The first answer to a mutating request sent with an <c>Idempotency-Key</c>; the same key and body within 24 h
/// get this answer again instead of doing the work twice (a double tap on 报名 is one sign-up).
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord() { }

    /// <summary>Caller + key, so two users never share a key space.</summary>
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    /// <summary>The answer, encrypted (<c>FieldCipher</c> text of its base64): answers can carry personal data.</summary>
    public byte[]? ResponseBody { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public bool IsComplete => StatusCode is not null;

    public static IdempotencyRecord Start(string key, string requestHash, DateTimeOffset now) =>
        new() { Key = key, RequestHash = requestHash, CreatedAtUtc = now.UtcDateTime };
}
