namespace WechatCare.Wechat.Push;

public enum WechatPushRejection
{
    /// <summary>signature or msg_signature does not match: not from WeChat (answer 401).</summary>
    BadSignature,
    /// <summary>
    /// A plain push where an EncodingAesKey is configured: WeChat then encrypts every push (safe or compatible mode),
    /// and a plain body is protected by nothing but a signature over the timestamp and nonce (answer 401).
    /// </summary>
    NotEncrypted,
    /// <summary>The timestamp is more than 5 minutes away from now: a replay (answer 401).</summary>
    StaleTimestamp,
    /// <summary>Decrypted, but for another AppId.</summary>
    WrongAppId,
    /// <summary>Base64, AES padding, frame length, XML or JSON is broken (answer 400).</summary>
    Malformed,
}

/// <summary>A push that must not be processed. The message says why; the body is never echoed.</summary>
public sealed class WechatPushException(WechatPushRejection reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public WechatPushRejection Reason { get; } = reason;
}
