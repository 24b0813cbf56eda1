using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace WechatCare.Wechat.Push;

/// <summary>
/// Reads and answers WeChat pushes for one app. Every parse verifies first — signature or msg_signature, timestamp
/// freshness, and after decryption the AppId tail — so an unverified body can never reach the bot.
/// </summary>
public sealed class WechatPushCodec
{
    /// <summary>Pushes whose timestamp is further than this from now are refused (replays).</summary>
    public static readonly TimeSpan MaxClockDifference = TimeSpan.FromMinutes(5);

    private readonly string _appId;
    private readonly string _token;
    private readonly byte[]? _aesKey;
    private readonly TimeProvider _clock;
    private readonly Action<Span<byte>> _fillRandom;

    /// <param name="fillRandom">Source of the 16 random bytes of each encrypted reply; fixed only in tests.</param>
    public WechatPushCodec(string appId, string token, string? encodingAesKey, TimeProvider clock, Action<Span<byte>>? fillRandom = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _appId = appId;
        _token = token;
        _aesKey = string.IsNullOrEmpty(encodingAesKey) ? null : WechatMessageCrypto.KeyFrom(encodingAesKey);
        _clock = clock;
        _fillRandom = fillRandom ?? RandomNumberGenerator.Fill;
    }

    public static WechatPushCodec For(WechatAppOptions app, TimeProvider clock) => new(app.AppId, app.Token, app.EncodingAesKey, clock);

    /// <summary>GET verification when the push URL is configured: true means answer 200 with the raw echostr.</summary>
    public bool VerifyUrl(WechatPushQuery query) =>
        IsFresh(query.Timestamp) && WechatMessageCrypto.SignatureMatches(query.Signature, _token, query.Timestamp ?? "", query.Nonce ?? "");

    /// <summary>An Official Account push (XML), plain or safe mode.</summary>
    public InboundPush ParseOfficialAccountXml(WechatPushQuery query, string body) => Parse(query, body, WechatPushFormat.Xml);

    /// <summary>A mini-program push: JSON or XML as configured in the console, plain or safe mode.</summary>
    public InboundPush ParseMiniProgramPush(WechatPushQuery query, string body, string? contentType)
    {
        var isJson = contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || body.TrimStart().StartsWith('{');
        return Parse(query, body, isJson ? WechatPushFormat.Json : WechatPushFormat.Xml);
    }

    /// <summary>Passive text reply: addresses swapped (to the user, from our account).</summary>
    public string BuildTextReply(InboundMessage received, string content) =>
        Reply(received, "text", new XElement("Content", new XCData(content)));

    /// <summary>Passive news reply with one article.</summary>
    public string BuildNewsReply(InboundMessage received, NewsArticle article) =>
        Reply(received, "news",
            new XElement("ArticleCount", 1),
            new XElement("Articles", new XElement("item",
                new XElement("Title", new XCData(article.Title)),
                new XElement("Description", new XCData(article.Description)),
                new XElement("PicUrl", new XCData(article.PicUrl)),
                new XElement("Url", new XCData(article.Url)))));

    /// <summary>The reply to send back: encrypted when the push was, plain otherwise. "success" is never encrypted.</summary>
    public string SealReply(InboundPush push, string reply) =>
        push.WasEncrypted && reply is not ("" or "success") ? EncryptReply(reply, push.Nonce, push.Format) : reply;

    /// <summary>Encrypts and signs a reply in the envelope of the given format (nonce echoes the request's).</summary>
    public string EncryptReply(string reply, string nonce, WechatPushFormat format)
    {
        var key = _aesKey ?? throw new InvalidOperationException("No EncodingAesKey configured for " + _appId);
        Span<byte> random = stackalloc byte[16];
        _fillRandom(random);
        var encrypt = WechatMessageCrypto.Encrypt(key, random, reply, _appId);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = WechatMessageCrypto.Sign(_token, timestamp.ToString(CultureInfo.InvariantCulture), nonce, encrypt);

        return format == WechatPushFormat.Json
            ? JsonSerializer.Serialize(new EncryptedJsonReply(encrypt, signature, timestamp, nonce), WechatJson.Options)
            : new XElement("xml",
                new XElement("Encrypt", new XCData(encrypt)),
                new XElement("MsgSignature", new XCData(signature)),
                new XElement("TimeStamp", timestamp),
                new XElement("Nonce", new XCData(nonce))).ToString(SaveOptions.DisableFormatting);
    }

    private InboundPush Parse(WechatPushQuery query, string body, WechatPushFormat format)
    {
        if (!IsFresh(query.Timestamp))
            throw new WechatPushException(WechatPushRejection.StaleTimestamp, "The push timestamp is missing or more than 5 minutes off.");

        var envelope = format == WechatPushFormat.Json ? InboundMessageReader.ParseJson(body) : InboundMessageReader.ParseXml(body);
        var encrypt = (string?)envelope.Element("Encrypt");
        var timestamp = query.Timestamp!;
        var nonce = query.Nonce ?? "";

        if (query.IsSafeMode || encrypt is not null)
        {
            // Safe (and compatible) mode: msg_signature covers the ciphertext; the plain signature does not protect the body.
            if (encrypt is null)
                throw new WechatPushException(WechatPushRejection.Malformed, "Safe-mode push without an Encrypt field.");
            if (!WechatMessageCrypto.SignatureMatches(query.MsgSignature, _token, timestamp, nonce, encrypt))
                throw new WechatPushException(WechatPushRejection.BadSignature, "msg_signature does not match.");
            var key = _aesKey ?? throw new WechatPushException(WechatPushRejection.Malformed, "Encrypted push, but no EncodingAesKey is configured.");
            var plain = WechatMessageCrypto.Decrypt(key, encrypt, _appId);
            var inner = format == WechatPushFormat.Json ? InboundMessageReader.ParseJson(plain) : InboundMessageReader.ParseXml(plain);
            return new InboundPush(InboundMessageReader.Read(inner), WasEncrypted: true, format, nonce, plain);
        }

        if (!WechatMessageCrypto.SignatureMatches(query.Signature, _token, timestamp, nonce))
            throw new WechatPushException(WechatPushRejection.BadSignature, "signature does not match.");
        // The plain signature does not cover the body: anyone holding one push's query string could send another body
        // under it. With a key configured WeChat encrypts, so a plain push is not from WeChat.
        if (_aesKey is not null)
            throw new WechatPushException(WechatPushRejection.NotEncrypted, "Plain push refused: an EncodingAesKey is configured, so WeChat encrypts every push.");
        return new InboundPush(InboundMessageReader.Read(envelope), WasEncrypted: false, format, nonce, body);
    }

    private bool IsFresh(string? timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && (_clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= MaxClockDifference;

    private string Reply(InboundMessage received, string msgType, params object[] content) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(received.FromUserName)),
            new XElement("FromUserName", new XCData(received.ToUserName)),
            new XElement("CreateTime", _clock.GetUtcNow().ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData(msgType)),
            content).ToString(SaveOptions.DisableFormatting);

    private sealed record EncryptedJsonReply(
        [property: JsonPropertyName("Encrypt")] string Encrypt,
        [property: JsonPropertyName("MsgSignature")] string MsgSignature,
        [property: JsonPropertyName("TimeStamp")] long TimeStamp,
        [property: JsonPropertyName("Nonce")] string Nonce);
}
