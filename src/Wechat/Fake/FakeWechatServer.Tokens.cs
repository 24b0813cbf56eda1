using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WechatCare.Wechat.Fake;

/// <summary>Access tokens and login, as WeChat hands them out (REFERENCE.md §1, §2).</summary>
public sealed partial class FakeWechatServer
{
    private readonly Dictionary<string, string> _tokenOwners = [];

    private FakeAnswer StableToken(JsonObject? json)
    {
        if (json is null) return Error(47001, "data format error");
        if (CheckCredentials(Text(json, "appid"), Text(json, "secret")) is { } refused) return refused;
        var appId = Text(json, "appid");
        var app = _apps[appId];
        var now = _clock.GetUtcNow();
        // Normal mode hands out the current token while it is valid; force_refresh replaces it at once.
        if (app.Token is null || app.TokenExpiresAt <= now || json["force_refresh"]?.GetValue<bool>() == true)
            IssueToken(appId, app, keepPrevious: false);
        return TokenAnswer(appId, app);
    }

    private FakeAnswer ClassicToken(IQueryCollection query)
    {
        if (query["grant_type"] != "client_credential") return Error(40002, "invalid grant_type");
        if (CheckCredentials(query["appid"].ToString(), query["secret"].ToString()) is { } refused) return refused;
        var appId = query["appid"].ToString();
        // Every call issues a new token; the previous one keeps working for 5 more minutes.
        IssueToken(appId, _apps[appId], keepPrevious: true);
        return TokenAnswer(appId, _apps[appId]);
    }

    private FakeAnswer TokenAnswer(string appId, FakeApp app) =>
        FakeAnswer.Json(new JsonObject
        {
            ["access_token"] = app.Token,
            ["expires_in"] = (int)Math.Max(1, (app.TokenExpiresAt - _clock.GetUtcNow()).TotalSeconds),
        }, 0, appId);

    private void IssueToken(string appId, FakeApp app, bool keepPrevious)
    {
        var now = _clock.GetUtcNow();
        app.PreviousToken = keepPrevious ? app.Token : null;
        app.PreviousValidUntil = now + ClassicTokenGrace;
        app.Token = NewToken();
        app.TokenExpiresAt = now + TokenLifetime;
        _tokenOwners[app.Token] = appId;
    }

    private FakeAnswer? CheckCredentials(string appId, string secret)
    {
        if (!_apps.TryGetValue(appId, out var app)) return Error(40013, "invalid appid");
        return app.Secret == secret ? null : Error(40125, "invalid appsecret", appId);
    }

    /// <summary>Null when the access_token is good; otherwise WeChat's answer for it.</summary>
    private FakeAnswer? Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token)) return Error(41001, "access_token missing");
        if (!_tokenOwners.TryGetValue(token, out var appId)) return Error(40014, "invalid access_token");
        var app = _apps[appId];
        var now = _clock.GetUtcNow();
        if (token == app.Token)
            return app.TokenExpiresAt > now ? null : Error(42001, "access_token expired", appId);
        if (token == app.PreviousToken && app.PreviousValidUntil > now) return null;
        return Error(40001, "invalid credential, access_token is invalid or not latest", appId);
    }

    private FakeAnswer Jscode2Session(IQueryCollection query)
    {
        var appId = query["appid"].ToString();
        if (CheckCredentials(appId, query["secret"].ToString()) is { } refused) return refused;
        if (query["grant_type"] != "authorization_code") return Error(40002, "invalid grant_type", appId);
        var code = query["js_code"].ToString();
        if (string.IsNullOrEmpty(code)) return Error(41008, "missing code", appId);
        if (_badCodes.Contains(code)) return Error(40029, "invalid code", appId);
        if (!_usedCodes.Add(code)) return Error(40163, "code been used", appId);

        // A scripted code maps to its user; any other code is a Sandbox name ("demo-parent#2" → demo-parent).
        var (openId, unionId) = _loginCodes.TryGetValue(code, out var user) ? user : (SandboxOpenId(code.Split('#')[0]), null);
        var answer = new JsonObject
        {
            ["session_key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ["openid"] = openId,
        };
        if (unionId is not null) answer["unionid"] = unionId;
        return FakeAnswer.Json(answer, 0, appId);
    }
}
