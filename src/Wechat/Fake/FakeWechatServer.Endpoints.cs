using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WechatCare.Wechat.Models;

namespace WechatCare.Wechat.Fake;

/// <summary>The endpoints of the fake, answering as WeChat documents them (REFERENCE.md). Called under the lock.</summary>
public sealed partial class FakeWechatServer
{
    private static readonly TimeSpan ClassicTokenGrace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CustomerWindow = TimeSpan.FromHours(48);
    private const int CustomerMessagesPerWindow = 5;
    private static readonly TimeSpan ClientMsgIdWindow = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, FakeApp> _apps = [];
    private readonly Dictionary<string, (string OpenId, string? UnionId)> _loginCodes = [];
    private readonly HashSet<string> _usedCodes = [];
    private readonly HashSet<string> _badCodes = [];
    private readonly Dictionary<string, string> _unionIds = [];
    private readonly Dictionary<(string OpenId, string TemplateId), int> _grants = [];
    private readonly HashSet<string> _followers = [];
    private readonly HashSet<string> _nonFollowers = [];
    private readonly Dictionary<string, (DateTimeOffset LastMessage, int Sent)> _customerWindows = [];
    private readonly Dictionary<string, string> _contentVerdicts = [];
    private readonly Dictionary<(string OpenId, string ClientMsgId), (long MsgId, DateTimeOffset At)> _templateSends = [];
    private readonly Dictionary<string, string> _phoneCodes = [];
    private readonly List<(string Id, string Title, string Content)> _templates = [];
    private long _nextMsgId = 2_000_000_000_000_000_001;

    private sealed class FakeApp(string secret)
    {
        public string Secret { get; } = secret;
        public string? Token { get; set; }
        public DateTimeOffset TokenExpiresAt { get; set; }
        public string? PreviousToken { get; set; }
        public DateTimeOffset PreviousValidUntil { get; set; }
    }

    // ---- scripting of WeChat-side state ----

    public void RegisterApp(string appId, string secret)
    {
        lock (_gate) _apps[appId] = new FakeApp(secret);
    }

    /// <summary>Every app's token expires now (as if 2 hours passed on WeChat's side).</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
            foreach (var app in _apps.Values) app.TokenExpiresAt = _clock.GetUtcNow();
    }

    /// <summary>Someone else force-refreshed: the app's current token now answers 40001.</summary>
    public void SupersedeAccessToken(string appId)
    {
        lock (_gate) IssueToken(appId, _apps[appId], keepPrevious: false);
    }

    /// <summary>Like wx.login: a one-time code that jscode2session turns into this openid (and unionid).</summary>
    public string IssueLoginCode(string openId, string? unionId = null)
    {
        var code = "code-" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        lock (_gate)
        {
            _loginCodes[code] = (openId, unionId);
            if (unionId is not null) _unionIds[openId] = unionId;
        }
        return code;
    }

    /// <summary>jscode2session answers 40029 for this code.</summary>
    public void MarkCodeInvalid(string code)
    {
        lock (_gate) _badCodes.Add(code);
    }

    /// <summary>Links an OA openid to a unionid (user/info returns it).</summary>
    public void SetUnionId(string openId, string unionId)
    {
        lock (_gate) _unionIds[openId] = unionId;
    }

    /// <summary>The user accepted <paramref name="count"/> subscribe popups for the template (0 = refused).</summary>
    public void GrantSubscription(string openId, string templateId, int count = 1)
    {
        lock (_gate) _grants[(openId, templateId)] = count;
    }

    public int RemainingGrants(string openId, string templateId)
    {
        lock (_gate) return _grants.GetValueOrDefault((openId, templateId));
    }

    public void AddFollower(string openId)
    {
        lock (_gate)
        {
            _followers.Add(openId);
            _nonFollowers.Remove(openId);
        }
    }

    public void RemoveFollower(string openId)
    {
        lock (_gate)
        {
            _followers.Remove(openId);
            _nonFollowers.Add(openId);
        }
    }

    /// <summary>The user wrote to the OA now: opens the 48-hour customer-service window (5 messages).</summary>
    public void RecordUserMessage(string openId)
    {
        lock (_gate) _customerWindows[openId] = (_clock.GetUtcNow(), 0);
    }

    /// <summary>msg_sec_check answers <paramref name="suggest"/> ("risky" or "review") for text containing the word.</summary>
    public void FlagContent(string word, string suggest = WxaMsgSecCheckResponse.Risky)
    {
        lock (_gate) _contentVerdicts[word] = suggest;
    }

    /// <summary>Like the getPhoneNumber button: a code that getuserphonenumber turns into this phone.</summary>
    public string IssuePhoneCode(string phoneNumber)
    {
        var code = "phone-" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        lock (_gate) _phoneCodes[code] = phoneNumber;
        return code;
    }

    /// <summary>A subscribe template gettemplate lists, e.g. content "活动:{{thing1.DATA}}\n时间:{{time2.DATA}}".</summary>
    public void AddTemplate(string templateId, string title, string content)
    {
        lock (_gate) _templates.Add((templateId, title, content));
    }

    // ---- routing ----

    private FakeAnswer Answer(string path, string method, IQueryCollection query, string body)
    {
        var json = TryParseObject(body);
        if (path is "cgi-bin/stable_token") return method == "POST" ? StableToken(json) : Error(43002, "require POST method");
        if (path is "cgi-bin/token") return ClassicToken(query);
        if (path is "sns/jscode2session") return Jscode2Session(query);

        if (!IsKnownPath(path)) return new FakeAnswer(404, "text/plain", "Not Found"u8.ToArray(), -1, null);
        if (Authenticate(query["access_token"]) is { } rejected) return rejected;
        var appId = _tokenOwners[query["access_token"]!];
        if (method == "POST" && json is null && path != "wxaapi/newtmpl/gettemplate") return Error(47001, "data format error", appId);

        return path switch
        {
            "cgi-bin/message/subscribe/send" => SubscribeSend(appId, json!, body),
            "cgi-bin/message/template/send" => TemplateSend(appId, json!, body),
            "cgi-bin/message/custom/send" => CustomSend(appId, json!, body),
            "cgi-bin/message/custom/typing" => CustomTyping(appId, json!),
            "wxa/msg_sec_check" => MsgSecCheck(appId, json!),
            "wxa/getwxacodeunlimit" => WxaCodeUnlimit(appId, json!),
            "cgi-bin/user/info" => Ok(UserInfo(query["openid"].ToString()), appId),
            "cgi-bin/user/info/batchget" => UserInfoBatch(appId, json!),
            "wxa/business/getuserphonenumber" => PhoneNumber(appId, json!),
            "cgi-bin/menu/create" => MenuCreate(appId, json!),
            "cgi-bin/qrcode/create" => QrcodeCreate(appId, json!),
            "wxaapi/newtmpl/gettemplate" => GetTemplates(appId),
            "cgi-bin/openapi/quota/get" => QuotaGet(appId, json!),
            _ => Error(48001, "api unauthorized", appId),
        };
    }

    private static bool IsKnownPath(string path) => path is "cgi-bin/message/subscribe/send" or "cgi-bin/message/template/send"
        or "cgi-bin/message/custom/send" or "cgi-bin/message/custom/typing" or "wxa/msg_sec_check" or "wxa/getwxacodeunlimit"
        or "cgi-bin/user/info" or "cgi-bin/user/info/batchget" or "wxa/business/getuserphonenumber" or "cgi-bin/menu/create"
        or "cgi-bin/qrcode/create" or "wxaapi/newtmpl/gettemplate" or "cgi-bin/openapi/quota/get";

    private static JsonObject? TryParseObject(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonObject json, string name) => json[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => "",
        var other => other.ToString(),
    };

    private static bool LooksLikeOpenId(string openId) => openId.Length >= 20 && openId.StartsWith('o');

    private long NextMsgId() => _nextMsgId++;

    private static string NewToken() => "FAKE_" + RandomNumberGenerator.GetHexString(64, lowercase: false);
}
