using System.Text.Json.Nodes;
using QRCoder;
using WechatCare.Wechat.Models;

namespace WechatCare.Wechat.Fake;

/// <summary>Outbound messages, moderation, codes and users, with the refusals WeChat gives (REFERENCE.md §3–§7).</summary>
public sealed partial class FakeWechatServer
{
    private FakeAnswer SubscribeSend(string appId, JsonObject json, string body)
    {
        var toUser = Text(json, "touser");
        var templateId = Text(json, "template_id");
        if (!LooksLikeOpenId(toUser)) return Error(40003, "invalid openid", appId);
        if (string.IsNullOrEmpty(templateId)) return Error(40037, "invalid template_id", appId);
        foreach (var (key, value) in json["data"] as JsonObject ?? [])
            if (SubscribeMessageFields.Violation(key, value?["value"]?.ToString() ?? "") is not null)
                return Error(47003, $"argument invalid! data.{key}.value invalid", appId);

        var grantKey = (toUser, templateId);
        var remaining = _grants.TryGetValue(grantKey, out var left) ? left : Lenient ? int.MaxValue : 0;
        if (remaining <= 0) return Error(43101, "user refuse to accept the msg", appId);
        if (remaining != int.MaxValue) _grants[grantKey] = remaining - 1;
        return Deliver("cgi-bin/message/subscribe/send", appId, toUser, body).Answer;
    }

    private FakeAnswer TemplateSend(string appId, JsonObject json, string body)
    {
        var toUser = Text(json, "touser");
        if (!LooksLikeOpenId(toUser)) return Error(40003, "invalid openid", appId);
        if (string.IsNullOrEmpty(Text(json, "template_id"))) return Error(40037, "invalid template_id", appId);
        if (!IsFollower(toUser)) return Error(43004, "require subscribe", appId);

        // Same openid + client_msg_id within 10 minutes: WeChat sends once and answers with the first msgid.
        var clientMsgId = Text(json, "client_msg_id");
        var now = _clock.GetUtcNow();
        if (clientMsgId != "" && _templateSends.TryGetValue((toUser, clientMsgId), out var earlier) && now - earlier.At < ClientMsgIdWindow)
            return Ok(new JsonObject { ["msgid"] = earlier.MsgId }, appId);

        var answer = Deliver("cgi-bin/message/template/send", appId, toUser, body);
        if (clientMsgId != "") _templateSends[(toUser, clientMsgId)] = (answer.MsgId, now);
        return answer.Answer;
    }

    private FakeAnswer CustomSend(string appId, JsonObject json, string body)
    {
        var toUser = Text(json, "touser");
        if (!LooksLikeOpenId(toUser)) return Error(40003, "invalid openid", appId);
        if (WindowRefusal(toUser, appId) is { } refused) return refused;
        if (_customerWindows.TryGetValue(toUser, out var window)) _customerWindows[toUser] = window with { Sent = window.Sent + 1 };
        return Deliver("cgi-bin/message/custom/send", appId, toUser, body).Answer;
    }

    private FakeAnswer CustomTyping(string appId, JsonObject json)
    {
        var toUser = Text(json, "touser");
        if (!LooksLikeOpenId(toUser)) return Error(40003, "invalid openid", appId);
        if (Text(json, "command") is not ("Typing" or "CancelTyping")) return Error(45072, "command invalid", appId);
        return WindowRefusal(toUser, appId) ?? Ok(appId: appId);
    }

    private FakeAnswer? WindowRefusal(string openId, string appId)
    {
        if (!_customerWindows.TryGetValue(openId, out var window))
            return Lenient ? null : Error(45015, "response out of time limit or subscription is canceled", appId);
        if (_clock.GetUtcNow() - window.LastMessage > CustomerWindow)
            return Error(45015, "response out of time limit or subscription is canceled", appId);
        return window.Sent >= CustomerMessagesPerWindow ? Error(45047, "out of response count limit", appId) : null;
    }

    private FakeAnswer MsgSecCheck(string appId, JsonObject json)
    {
        var content = Text(json, "content");
        if (Text(json, "version") != "2") return Error(47001, "data format error: version must be 2", appId);
        if (!LooksLikeOpenId(Text(json, "openid"))) return Error(40003, "invalid openid", appId);
        if (content.Length is 0 or > 2500) return Error(47003, "argument invalid! content", appId);

        var hit = _contentVerdicts.Where(v => content.Contains(v.Key, StringComparison.Ordinal))
            .OrderBy(v => v.Value == WxaMsgSecCheckResponse.Risky ? 0 : 1).FirstOrDefault();
        var suggest = hit.Key is null ? WxaMsgSecCheckResponse.Pass : hit.Value;
        var label = suggest == WxaMsgSecCheckResponse.Pass ? 100 : 20001;
        var detail = new JsonArray();
        if (hit.Key is not null)
            detail.Add(new JsonObject { ["strategy"] = "keyword", ["errcode"] = 0, ["suggest"] = suggest, ["label"] = label, ["keyword"] = hit.Key });
        return Ok(new JsonObject
        {
            ["trace_id"] = System.Security.Cryptography.RandomNumberGenerator.GetHexString(24, lowercase: true),
            ["result"] = new JsonObject { ["suggest"] = suggest, ["label"] = label },
            ["detail"] = detail,
        }, appId);
    }

    private FakeAnswer WxaCodeUnlimit(string appId, JsonObject json)
    {
        var scene = Text(json, "scene");
        if (scene.Length is 0 or > 32) return Error(40169, "invalid length for scene, or the data is not json string", appId);
        if (!scene.All(c => char.IsAsciiLetterOrDigit(c) || "!#$&'()*+,/:;=?@-._~".Contains(c))) return Error(40129, "invalid scene", appId);
        var page = Text(json, "page");
        if (page.StartsWith('/') || page.Contains('?')) return Error(41030, "invalid page rid", appId);

        var png = new PngByteQRCode(new QRCodeGenerator().CreateQrCode($"{page}?scene={scene}", QRCodeGenerator.ECCLevel.M)).GetGraphic(4);
        return new FakeAnswer(200, "image/png", png, 0, appId);
    }

    private JsonObject UserInfo(string openId)
    {
        if (!IsFollower(openId)) return new JsonObject { ["subscribe"] = 0, ["openid"] = openId };
        var info = new JsonObject
        {
            ["subscribe"] = 1, ["openid"] = openId, ["language"] = "zh_CN",
            ["subscribe_time"] = _clock.GetUtcNow().ToUnixTimeSeconds(), ["remark"] = "", ["groupid"] = 0,
            ["tagid_list"] = new JsonArray(), ["subscribe_scene"] = "ADD_SCENE_QR_CODE", ["qr_scene"] = 0, ["qr_scene_str"] = "",
        };
        if (_unionIds.TryGetValue(openId, out var unionId)) info["unionid"] = unionId;
        return info;
    }

    private FakeAnswer UserInfoBatch(string appId, JsonObject json)
    {
        var openIds = (json["user_list"] as JsonArray ?? []).Select(u => u?["openid"]?.ToString() ?? "").ToList();
        if (openIds.Count is 0 or > 100) return Error(40032, "invalid openid list size", appId);
        if (openIds.FirstOrDefault(id => !LooksLikeOpenId(id)) is not null) return Error(40003, "invalid openid", appId);
        return Ok(new JsonObject { ["user_info_list"] = new JsonArray(openIds.Select(id => (JsonNode)UserInfo(id)).ToArray()) }, appId);
    }

    private FakeAnswer PhoneNumber(string appId, JsonObject json)
    {
        var code = Text(json, "code");
        if (!_phoneCodes.Remove(code, out var phone)) return Error(40029, "invalid code", appId);
        return Ok(new JsonObject
        {
            ["phone_info"] = new JsonObject
            {
                ["phoneNumber"] = phone, ["purePhoneNumber"] = phone, ["countryCode"] = "86",
                ["watermark"] = new JsonObject { ["timestamp"] = _clock.GetUtcNow().ToUnixTimeSeconds(), ["appid"] = appId },
            },
        }, appId);
    }

    private FakeAnswer MenuCreate(string appId, JsonObject json) =>
        (json["button"] as JsonArray)?.Count is >= 1 and <= 3 ? Ok(appId: appId) : Error(40016, "invalid button size", appId);

    private FakeAnswer QrcodeCreate(string appId, JsonObject json)
    {
        if (Text(json, "action_name") is not ("QR_SCENE" or "QR_STR_SCENE" or "QR_LIMIT_SCENE" or "QR_LIMIT_STR_SCENE"))
            return Error(40053, "invalid action info", appId);
        var ticket = "gQ" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(40, lowercase: true);
        var answer = new JsonObject { ["ticket"] = ticket, ["url"] = $"http://weixin.qq.com/q/{ticket[..22]}" };
        if (json["expire_seconds"] is { } expire) answer["expire_seconds"] = expire.DeepClone();
        return FakeAnswer.Json(answer, 0, appId);
    }

    private FakeAnswer GetTemplates(string appId) => Ok(new JsonObject
    {
        ["data"] = new JsonArray(_templates.Select(t => (JsonNode)new JsonObject
        {
            ["priTmplId"] = t.Id, ["title"] = t.Title, ["content"] = t.Content, ["example"] = "", ["type"] = 2,
        }).ToArray()),
    }, appId);

    private FakeAnswer QuotaGet(string appId, JsonObject json)
    {
        var path = Text(json, "cgi_path").Trim('/');
        if (!IsKnownPath(path)) return Error(76021, "cgi_path not found, please check", appId);
        var used = _calls.Count(c => c.Path == path && c.AppId == appId && c.ErrorCode == 0);
        const int dailyLimit = 100_000;
        return Ok(new JsonObject { ["quota"] = new JsonObject { ["daily_limit"] = dailyLimit, ["used"] = used, ["remain"] = dailyLimit - used } }, appId);
    }

    private bool IsFollower(string openId) => _followers.Contains(openId) || Lenient && !_nonFollowers.Contains(openId);

    private (FakeAnswer Answer, long MsgId) Deliver(string path, string appId, string toUser, string body)
    {
        var msgId = NextMsgId();
        _deliveries.Add(new FakeWechatDelivery(path, appId, toUser, body, _clock.GetUtcNow()));
        return (Ok(new JsonObject { ["msgid"] = msgId }, appId), msgId);
    }
}
