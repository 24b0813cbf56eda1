using System.Text.Json;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Fake;
using WechatCare.Wechat.Models;
using WechatCare.Wechat.Tests.Support;

namespace WechatCare.Wechat.Tests;

/// <summary>Each endpoint against the fake: path, access_token, body shape, parsed answer, errcode classes.</summary>
public class EndpointTests
{
    private static readonly string Parent = WechatHarness.Parent;

    private static JsonElement BodyOf(FakeWechatCall call) => JsonDocument.Parse(call.Body).RootElement;

    private static CgibinMessageSubscribeSendRequest Reminder(string toUser) => new()
    {
        ToUserOpenId = toUser, TemplateId = "TPL_SIGNUP", Page = "pages/event/detail?id=42",
        Data = { ["thing1"] = new("周六陪伴活动"), ["time2"] = new("2026年7月4日 09:00"), ["phrase3"] = new("已报名") },
    };

    private static CgibinMessageTemplateSendRequest Notice(string toUser, string? clientMsgId = "notice-42") => new()
    {
        ToUserOpenId = toUser, TemplateId = "TPL_NOTICE", ClientMessageId = clientMsgId,
        MiniProgram = new() { AppId = WechatHarness.MiniProgramAppId, PagePath = "pages/notice/detail?id=42" },
        Data = { ["thing1"] = new("家长会通知") },
    };

    [Fact]
    public async Task Jscode2session_sends_credentials_and_returns_openid_unionid_and_session_key()
    {
        await using var h = await WechatHarness.StartAsync();
        var code = h.Fake.IssueLoginCode(Parent, "union-1");

        var session = await h.MiniProgram.ExecuteSnsJscode2SessionAsync(code);

        Assert.Equal((Parent, "union-1"), (session.OpenId, session.UnionId));
        Assert.Equal(16, Convert.FromBase64String(session.SessionKey).Length);
        var call = Assert.Single(h.Fake.Calls);
        Assert.Equal("sns/jscode2session", call.Path);
        Assert.Contains($"appid={WechatHarness.MiniProgramAppId}", call.Query);
        Assert.Contains("secret=mp-secret", call.Query);
        Assert.Contains("grant_type=authorization_code", call.Query);
        Assert.Null(call.AccessToken);
    }

    [Fact]
    public async Task Jscode2session_refuses_used_and_bad_codes_as_CodeInvalid()
    {
        await using var h = await WechatHarness.StartAsync();
        var code = h.Fake.IssueLoginCode(Parent);
        await h.MiniProgram.ExecuteSnsJscode2SessionAsync(code);
        h.Fake.MarkCodeInvalid("stale-code");

        var used = await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteSnsJscode2SessionAsync(code));
        var bad = await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteSnsJscode2SessionAsync("stale-code"));

        Assert.Equal((40163, WechatFailureKind.CodeInvalid), (used.ErrorCode, used.Kind));
        Assert.Equal((40029, WechatFailureKind.CodeInvalid), (bad.ErrorCode, bad.Kind));
        Assert.Contains("rid: ", bad.ErrorMessage);
    }

    [Fact]
    public async Task Sandbox_codes_with_the_same_name_log_in_as_the_same_user()
    {
        await using var h = await WechatHarness.StartAsync();
        var first = await h.MiniProgram.ExecuteSnsJscode2SessionAsync("demo-parent#1");
        var second = await h.MiniProgram.ExecuteSnsJscode2SessionAsync("demo-parent#2");

        Assert.Equal(first.OpenId, second.OpenId);
        Assert.Equal(FakeWechatServer.SandboxOpenId("demo-parent"), first.OpenId);
        Assert.Equal(28, first.OpenId.Length);
        Assert.StartsWith("o", first.OpenId);
        Assert.NotEqual(first.OpenId, FakeWechatServer.SandboxOpenId("demo-teacher"));
    }

    [Fact]
    public async Task Jscode2session_is_retried_after_system_busy_and_a_dropped_connection()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.FailNext("sns/jscode2session", -1);
        h.Fake.DropNext("sns/jscode2session");

        var session = await h.MiniProgram.ExecuteSnsJscode2SessionAsync("demo-parent");

        Assert.Equal(FakeWechatServer.SandboxOpenId("demo-parent"), session.OpenId);
        Assert.Equal(3, h.Fake.CallsTo("sns/jscode2session").Count);
    }

    [Fact]
    public async Task Subscribe_send_posts_the_documented_body_with_the_access_token_and_spends_a_grant()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.GrantSubscription(Parent, "TPL_SIGNUP", 1);

        await h.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(Reminder(Parent));

        var call = Assert.Single(h.Fake.CallsTo("cgi-bin/message/subscribe/send"));
        Assert.Equal(await h.MiniProgram.GetAccessTokenAsync(), call.AccessToken);
        Assert.Contains("\"thing1\":{\"value\":\"周六陪伴活动\"}", call.Body);   // Chinese written as is
        Assert.DoesNotContain("miniprogram_state", call.Body);                  // nulls omitted
        var body = BodyOf(call);
        Assert.Equal((Parent, "TPL_SIGNUP", "pages/event/detail?id=42"),
            (body.GetProperty("touser").GetString(), body.GetProperty("template_id").GetString(), body.GetProperty("page").GetString()));
        Assert.Equal(0, h.Fake.RemainingGrants(Parent, "TPL_SIGNUP"));
        Assert.Single(h.Fake.Deliveries);
    }

    [Fact]
    public async Task Subscribe_send_without_a_grant_is_NoSubscribeGrant_and_not_retried()
    {
        await using var h = await WechatHarness.StartAsync();
        var error = await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(Reminder(Parent)));
        Assert.Equal((43101, WechatFailureKind.NoSubscribeGrant, false), (error.ErrorCode, error.Kind, error.IsRetryable));
        Assert.Single(h.Fake.CallsTo("cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task Subscribe_send_is_not_retried_on_system_busy()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.GrantSubscription(Parent, "TPL_SIGNUP", 5);
        h.Fake.FailNext("cgi-bin/message/subscribe/send", -1);

        var error = await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(Reminder(Parent)));

        Assert.Equal(WechatFailureKind.Transient, error.Kind);
        Assert.Single(h.Fake.CallsTo("cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task Subscribe_send_with_a_too_long_thing_fails_before_sending()
    {
        await using var h = await WechatHarness.StartAsync();
        var request = Reminder(Parent);
        request.Data["thing1"] = new(new string('长', 21));

        var error = await Assert.ThrowsAsync<WechatFieldLimitException>(() => h.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(request));

        Assert.Equal("thing1", error.Key);
        Assert.Empty(h.Fake.Calls);
    }

    [Fact]
    public async Task Quota_errors_say_wait()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.GrantSubscription(Parent, "TPL_SIGNUP", 5);
        h.Fake.FailNext("cgi-bin/message/subscribe/send", 45009);
        h.Fake.FailNext("cgi-bin/message/subscribe/send", 45011);

        foreach (var code in new[] { 45009, 45011 })
        {
            var error = await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(Reminder(Parent)));
            Assert.Equal((code, WechatFailureKind.QuotaExhausted, "cgi-bin/message/subscribe/send"), (error.ErrorCode, error.Kind, error.Endpoint));
        }
    }

    [Fact]
    public async Task Template_send_returns_the_msgid_and_sends_client_msg_id()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(Parent);

        var sent = await h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent));

        Assert.True(sent.MessageId > 0);
        var body = BodyOf(Assert.Single(h.Fake.CallsTo("cgi-bin/message/template/send")));
        Assert.Equal("notice-42", body.GetProperty("client_msg_id").GetString());
        Assert.Equal("pages/notice/detail?id=42", body.GetProperty("miniprogram").GetProperty("pagepath").GetString());
    }

    [Fact]
    public async Task Template_send_is_retried_on_transient_failures_and_delivered_once_thanks_to_client_msg_id()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(Parent);
        var first = await h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent));
        h.Fake.FailNext("cgi-bin/message/template/send", -1);
        h.Fake.DropNext("cgi-bin/message/template/send");

        var again = await h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(4, h.Fake.CallsTo("cgi-bin/message/template/send").Count);
        Assert.Single(h.Fake.Deliveries);
    }

    [Fact]
    public async Task Template_send_without_client_msg_id_is_not_retried()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(Parent);
        h.Fake.FailNext("cgi-bin/message/template/send", -1);
        await Assert.ThrowsAsync<WechatApiException>(() => h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent, clientMsgId: null)));
        Assert.Single(h.Fake.CallsTo("cgi-bin/message/template/send"));
    }

    [Fact]
    public async Task Template_send_to_a_non_follower_is_NotFollowing_and_bad_openid_is_InvalidOpenId()
    {
        await using var h = await WechatHarness.StartAsync();
        var notFollowing = await Assert.ThrowsAsync<WechatApiException>(() => h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent)));
        var badOpenId = await Assert.ThrowsAsync<WechatApiException>(() => h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice("nobody")));
        Assert.Equal((43004, WechatFailureKind.NotFollowing), (notFollowing.ErrorCode, notFollowing.Kind));
        Assert.Equal((40003, WechatFailureKind.InvalidOpenId), (badOpenId.ErrorCode, badOpenId.Kind));
    }

    [Fact]
    public async Task Customer_message_works_inside_the_48_hour_window_only()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.RecordUserMessage(Parent);
        await h.OfficialAccount.ExecuteCgibinMessageCustomTypingAsync(new() { ToUserOpenId = Parent });
        await h.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(Parent, "报名成功"));
        var body = BodyOf(Assert.Single(h.Fake.CallsTo("cgi-bin/message/custom/send")));
        Assert.Equal("报名成功", body.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal("Typing", BodyOf(Assert.Single(h.Fake.CallsTo("cgi-bin/message/custom/typing"))).GetProperty("command").GetString());

        h.Clock.Advance(TimeSpan.FromHours(49));
        var error = await Assert.ThrowsAsync<WechatApiException>(() =>
            h.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(Parent, "还在吗")));
        Assert.Equal((45015, WechatFailureKind.OutsideCustomerWindow), (error.ErrorCode, error.Kind));
    }

    [Fact]
    public async Task Customer_messages_beyond_five_per_window_are_OutsideCustomerWindow()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.RecordUserMessage(Parent);
        for (var i = 0; i < 5; i++)
            await h.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(Parent, $"第{i}条"));
        var error = await Assert.ThrowsAsync<WechatApiException>(() =>
            h.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(Parent, "第6条")));
        Assert.Equal((45047, WechatFailureKind.OutsideCustomerWindow), (error.ErrorCode, error.Kind));
    }

    [Theory]
    [InlineData("周六一起去敬老院", "pass")]
    [InlineData("加我微信领红包", "review")]
    [InlineData("这里有赌博网站", "risky")]
    public async Task Msg_sec_check_returns_the_verdict(string content, string suggest)
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.FlagContent("赌博", "risky");
        h.Fake.FlagContent("红包", "review");

        var verdict = await h.MiniProgram.ExecuteWxaMsgSecCheckAsync(new() { Content = content, OpenId = Parent });

        Assert.Equal(suggest, verdict.Result.Suggest);
        var body = BodyOf(Assert.Single(h.Fake.CallsTo("wxa/msg_sec_check")));
        Assert.Equal((2, 2), (body.GetProperty("version").GetInt32(), body.GetProperty("scene").GetInt32()));
    }

    [Fact]
    public async Task Qr_code_comes_back_as_image_bytes()
    {
        await using var h = await WechatHarness.StartAsync();
        var code = await h.MiniProgram.ExecuteWxaGetWxaCodeUnlimitAsync(new() { Scene = "c=Ab3k9Xz2Qm", Page = "pages/checkin/index", CheckPath = false });
        Assert.Equal("image/png", code.ContentType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], code.Image[..4]);
        Assert.Equal("c=Ab3k9Xz2Qm", BodyOf(Assert.Single(h.Fake.CallsTo("wxa/getwxacodeunlimit"))).GetProperty("scene").GetString());
    }

    [Fact]
    public async Task Qr_code_json_error_with_http_200_becomes_an_exception()
    {
        await using var h = await WechatHarness.StartAsync();
        var error = await Assert.ThrowsAsync<WechatApiException>(() =>
            h.MiniProgram.ExecuteWxaGetWxaCodeUnlimitAsync(new() { Scene = new string('x', 33) }));
        Assert.Equal((40169, WechatFailureKind.InvalidArgument), (error.ErrorCode, error.Kind));
        Assert.Equal(40169, Assert.Single(h.Fake.CallsTo("wxa/getwxacodeunlimit")).ErrorCode); // answered with HTTP 200, as WeChat does
    }

    [Fact]
    public async Task User_info_tells_followers_from_others_and_carries_unionid()
    {
        await using var h = await WechatHarness.StartAsync();
        var other = FakeWechatServer.SandboxOpenId("not-following");
        h.Fake.AddFollower(Parent);
        h.Fake.SetUnionId(Parent, "union-9");

        var follower = await h.OfficialAccount.ExecuteCgibinUserInfoAsync(Parent);
        var stranger = await h.OfficialAccount.ExecuteCgibinUserInfoAsync(other);
        var batch = await h.OfficialAccount.ExecuteCgibinUserInfoBatchGetAsync(CgibinUserInfoBatchGetRequest.For([Parent, other]));

        Assert.Equal((true, "union-9"), (follower.IsFollowing, follower.UnionId));
        Assert.Equal((false, null), (stranger.IsFollowing, stranger.UnionId));
        Assert.Equal([1, 0], batch.Users.Select(u => u.Subscribe));
        Assert.Contains($"openid={Parent}", h.Fake.CallsTo("cgi-bin/user/info")[0].Query);
    }

    [Fact]
    public async Task Phone_number_code_becomes_a_verified_phone()
    {
        await using var h = await WechatHarness.StartAsync();
        var code = h.Fake.IssuePhoneCode("13800138000");
        var phone = await h.MiniProgram.ExecuteWxaBusinessGetUserPhoneNumberAsync(code);
        Assert.Equal(("13800138000", "86", WechatHarness.MiniProgramAppId), (phone.PhoneInfo.PurePhoneNumber, phone.PhoneInfo.CountryCode, phone.PhoneInfo.Watermark!.AppId));
        await Assert.ThrowsAsync<WechatApiException>(() => h.MiniProgram.ExecuteWxaBusinessGetUserPhoneNumberAsync(code));
    }

    [Fact]
    public async Task Menu_create_posts_the_buttons()
    {
        await using var h = await WechatHarness.StartAsync();
        await h.OfficialAccount.ExecuteCgibinMenuCreateAsync(new()
        {
            Buttons =
            [
                new() { Type = "click", Name = "报名", Key = "SIGN_UP" },
                new() { Name = "更多", SubButtons = [new() { Type = "view", Name = "联系我们", Url = "https://example.org" }] },
            ],
        });
        var body = BodyOf(Assert.Single(h.Fake.CallsTo("cgi-bin/menu/create")));
        Assert.Equal("SIGN_UP", body.GetProperty("button")[0].GetProperty("key").GetString());
        Assert.Equal("联系我们", body.GetProperty("button")[1].GetProperty("sub_button")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Qrcode_create_returns_a_ticket()
    {
        await using var h = await WechatHarness.StartAsync();
        var qr = await h.OfficialAccount.ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest.ForScene("class-3", 3600));
        Assert.NotEmpty(qr.Ticket);
        Assert.Equal(3600, qr.ExpireSeconds);
        var body = BodyOf(Assert.Single(h.Fake.CallsTo("cgi-bin/qrcode/create")));
        Assert.Equal(("QR_STR_SCENE", "class-3"), (body.GetProperty("action_name").GetString(),
            body.GetProperty("action_info").GetProperty("scene").GetProperty("scene_str").GetString()));
    }

    [Fact]
    public async Task Gettemplate_lists_the_templates()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddTemplate("TPL_SIGNUP", "报名成功通知", "活动:{{thing1.DATA}}\n时间:{{time2.DATA}}");
        var templates = await h.MiniProgram.ExecuteWxaapiNewtmplGetTemplateAsync();
        Assert.Equal("TPL_SIGNUP", Assert.Single(templates.Templates).TemplateId);
        Assert.NotNull(Assert.Single(h.Fake.CallsTo("wxaapi/newtmpl/gettemplate")).AccessToken);
    }

    [Fact]
    public async Task Quota_get_reports_usage_of_a_path()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(Parent);
        await h.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(Notice(Parent));
        var quota = await h.OfficialAccount.ExecuteCgibinOpenapiQuotaGetAsync("/cgi-bin/message/template/send");
        Assert.Equal((100_000, 1, 99_999), (quota.Quota.DailyLimit, quota.Quota.Used, quota.Quota.Remain));
    }

    [Fact]
    public async Task Business_call_without_a_valid_token_is_refused_by_the_fake()
    {
        await using var h = await WechatHarness.StartAsync();
        using var http = new HttpClient();
        var missing = await http.GetStringAsync($"{h.Fake.BaseUrl}/cgi-bin/user/info?openid={Parent}");
        var forged = await http.GetStringAsync($"{h.Fake.BaseUrl}/cgi-bin/user/info?openid={Parent}&access_token=forged");
        Assert.Contains("\"errcode\":41001", missing);
        Assert.Contains("\"errcode\":40014", forged);
    }

    [Fact]
    public async Task Random_failures_follow_the_seed_and_latency_is_applied()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.FailRandomly(0.3, seed: 7, path: "wxa/msg_sec_check");
        var outcomes = new List<bool>();
        for (var i = 0; i < 20; i++)
        {
            try { await h.MiniProgram.ExecuteWxaMsgSecCheckAsync(new() { Content = "你好", OpenId = Parent }); outcomes.Add(true); }
            catch (WechatApiException e) when (e.Kind == WechatFailureKind.Transient) { outcomes.Add(false); }
        }
        var failed = h.Fake.CallsTo("wxa/msg_sec_check").Count(c => c.ErrorCode == -1);
        Assert.InRange(failed, 1, 20);
        Assert.All(outcomes, Assert.True); // msg_sec_check is read-only, so transient failures are retried away

        h.Fake.ResetScripts();
        h.Fake.SetLatency("wxa/msg_sec_check", TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await h.MiniProgram.ExecuteWxaMsgSecCheckAsync(new() { Content = "你好", OpenId = Parent });
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(290));
    }
}
