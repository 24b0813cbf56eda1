using Microsoft.AspNetCore.Http;

namespace WechatCare.Wechat.Push;

/// <summary>The query string WeChat puts on every push: signature, timestamp, nonce, and in safe mode encrypt_type + msg_signature.</summary>
public sealed record WechatPushQuery(
    string? Signature, string? Timestamp, string? Nonce,
    string? EchoStr = null, string? EncryptType = null, string? MsgSignature = null, string? OpenId = null)
{
    public bool IsSafeMode => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);

    public static WechatPushQuery From(IQueryCollection query) => new(
        query["signature"], query["timestamp"], query["nonce"], query["echostr"],
        query["encrypt_type"], query["msg_signature"], query["openid"]);
}

public enum WechatPushFormat
{
    Xml,
    Json,
}

/// <summary>A verified, decrypted push, and what a reply needs to mirror (encryption, format, nonce).</summary>
public sealed record InboundPush(InboundMessage Message, bool WasEncrypted, WechatPushFormat Format, string Nonce, string PlainBody);

/// <summary>One article of a passive news reply (WeChat shows only one since 2018).</summary>
public sealed record NewsArticle(string Title, string Description, string PicUrl, string Url);
