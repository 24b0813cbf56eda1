using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;
using WechatCare.Wechat.Push;

namespace WechatCare.Tests.Chatbot;

/// <summary>Plays WeChat's side of the Official Account push: builds, signs (and in safe mode encrypts) pushes and reads replies.</summary>
public sealed class OfficialAccountChat(CareApp app, bool safeMode = false)
{
    public const string Token = "chatbot-test-push-token";
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string OurAccount = "gh_wechatcare_test";

    // Random start: a shared Redis remembers MsgIds across test runs.
    private static long _nextMsgId = Random.Shared.NextInt64(1, 1L << 62);

    /// <summary>An account in safe mode (its pushes encrypted): plain pushes are refused then, so plain-mode tests leave it out.</summary>
    public static readonly (string Key, string? Value) SafeMode = ("Wechat:OfficialAccount:EncodingAesKey", AesKey);

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Wechat:OfficialAccount:Token"] = Token,
            ["Wechat:MiniProgram:Token"] = Token,
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    /// <summary>An OA openid for a person, shaped like WeChat's (28 characters starting with "o").</summary>
    public static string OpenId(string name) => FakeWechatServer.SandboxOpenId("oa:" + name);

    public static string Text(string openId, string content, long? msgId = null) => Push(openId, "text",
        new XElement("Content", new XCData(content)), new XElement("MsgId", msgId ?? Interlocked.Increment(ref _nextMsgId)));

    public string Event(string openId, string evt, string? eventKey = null, params XElement[] more) => Push(openId, "event",
        [new XElement("Event", new XCData(evt)), .. eventKey is null ? Array.Empty<XElement>() : [new XElement("EventKey", new XCData(eventKey))], .. more],
        app.Clock.GetUtcNow());

    private static string Push(string openId, string msgType, params XElement[] fields) => Push(openId, msgType, fields, null);

    private static string Push(string openId, string msgType, XElement[] fields, DateTimeOffset? at) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(OurAccount)),
            new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData(msgType)),
            fields).ToString(SaveOptions.DisableFormatting);

    /// <summary>POSTs a push as WeChat would, signed for the app's clock (or the given time, to test staleness).</summary>
    public Task<HttpResponseMessage> PostAsync(string xml, DateTimeOffset? signedAt = null, bool forge = false, HttpClient? http = null)
    {
        var timestamp = (signedAt ?? app.Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        string url, body;
        if (safeMode)
        {
            var encrypt = WechatMessageCrypto.Encrypt(WechatMessageCrypto.KeyFrom(AesKey), RandomNumberGenerator.GetBytes(16), xml, FakeWechatServer.SandboxOfficialAccountAppId);
            var signature = WechatMessageCrypto.Sign(Token, timestamp, nonce, encrypt);
            url = $"/wechat/callback?signature={WechatMessageCrypto.Sign(Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&encrypt_type=aes&msg_signature={(forge ? Forge(signature) : signature)}";
            body = new XElement("xml", new XElement("ToUserName", new XCData(OurAccount)), new XElement("Encrypt", new XCData(encrypt))).ToString();
        }
        else
        {
            var signature = WechatMessageCrypto.Sign(Token, timestamp, nonce);
            url = $"/wechat/callback?signature={(forge ? Forge(signature) : signature)}&timestamp={timestamp}&nonce={nonce}";
            body = xml;
        }
        return (http ?? app.CreateClient()).PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
    }

    /// <summary>Sends a text as the person and returns what the bot answered: the reply's text, or "success".</summary>
    public async Task<string> SayAsync(string openId, string content) => await ReplyTextAsync(await PostAsync(Text(openId, content)));

    public async Task<string> ReplyTextAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"callback answered {(int)response.StatusCode}: {body}");
        if (body == "success") return body;
        var xml = XElement.Parse(body);
        if (safeMode)
        {
            var encrypt = (string)xml.Element("Encrypt")!;
            Assert.True(WechatMessageCrypto.SignatureMatches((string?)xml.Element("MsgSignature"), Token, (string)xml.Element("TimeStamp")!, (string)xml.Element("Nonce")!, encrypt));
            xml = XElement.Parse(WechatMessageCrypto.Decrypt(WechatMessageCrypto.KeyFrom(AesKey), encrypt, FakeWechatServer.SandboxOfficialAccountAppId));
        }
        Assert.Equal(OurAccount, (string?)xml.Element("FromUserName"));
        return (string)xml.Element("Content")!;
    }

    /// <summary>Links the person's OA chat to their mini-program account the way a user does: a bind code, then the chat.</summary>
    public async Task LinkAsync(UserClient user, string openId)
    {
        var code = (await (await user.Http.PostAsync("/api/me/official-account/bind-code", null)).ExpectAsync(200)).Str("code");
        Assert.Contains("绑定成功", await SayAsync(openId, "绑定公众号 " + code));
    }

    /// <summary>Links the person's chat (openid from their name) and returns the openid.</summary>
    public async Task<string> LinkedAsync(UserClient user)
    {
        var openId = OpenId(user.Name);
        await LinkAsync(user, openId);
        return openId;
    }

    /// <summary>The bot audited <paramref name="command"/> for the user with this outcome.</summary>
    public async Task AssertAuditedAsync(UserClient user, string command, string outcome) =>
        Assert.Contains(await BotActionsAsync(), a => a.UserId == user.UserId && a.Command == command && a.Outcome == outcome);

    public async Task<List<BotAction>> BotActionsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CareDb>().BotActions.AsNoTracking().OrderBy(a => a.AtUtc).ThenBy(a => a.Id).ToListAsync();
    }

    private static string Forge(string signature) => (signature[0] == 'a' ? "b" : "a") + signature[1..];
}
