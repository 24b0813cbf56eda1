using System.Net.Http.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>Commands per role, linking, events and limits — all through the push URL, as WeChat delivers them.</summary>
public sealed class ConversationTests
{
    private static async Task<string> OrganizationWithAsync(CareApp app, params (UserClient Who, string Role)[] members)
    {
        var admin = await app.LogInAsAdminAsync();
        var orgId = (await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "七星小学", kind = "school", region = "贵州省毕节市" })).ExpectAsync(201)).Str("id");
        foreach (var (who, role) in members)
            await (await admin.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{who.UserId}", new { role })).ExpectAsync(200);
        return orgId;
    }

    [Fact]
    public async Task An_unlinked_person_is_told_how_to_link_and_gets_only_public_answers()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var stranger = OfficialAccountChat.OpenId("stranger");

        var help = await chat.SayAsync(stranger, "帮助");
        Assert.Contains("绑定公众号 123456", help);
        Assert.Contains("活动", help);
        Assert.DoesNotContain("我的消息", help);

        Assert.Contains("你还没有绑定账号", await chat.SayAsync(stranger, "我的消息"));
        Assert.Contains("你还没有绑定账号", await chat.SayAsync(stranger, "考勤"));
        Assert.Contains("近期没有可报名的活动", await chat.SayAsync(stranger, "近期活动"));
        var unknown = await chat.SayAsync(stranger, "小明这周到校几天");
        Assert.Contains("没有听懂", unknown);
        Assert.Contains("绑定", unknown);
    }

    [Fact]
    public async Task The_bind_code_links_the_chat_once_and_then_the_person_reads_their_own_messages()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync("parent-wang");
        var openId = OfficialAccountChat.OpenId("parent-wang");

        var issued = await (await parent.Http.PostAsync("/api/me/official-account/bind-code", null)).ExpectAsync(200);
        var code = issued.Str("code");
        Assert.Matches("^[0-9]{6}$", code);
        Assert.EndsWith("+08:00", issued.Str("expiresAt"));

        // Full-width digits and a space inside the keyword's argument are forgiven.
        var fullWidth = string.Concat(code.Select(c => (char)(c + 0xFEE0)));
        Assert.Contains("绑定成功", await chat.SayAsync(openId, "绑定公众号　" + fullWidth));

        // The code is single-use: another chat cannot take it.
        Assert.Contains("绑定码不正确或已过期", await chat.SayAsync(OfficialAccountChat.OpenId("someone-else"), "绑定公众号 " + code));
        Assert.Contains("格式不对", await chat.SayAsync(OfficialAccountChat.OpenId("someone-else"), "绑定公众号 12ab"));

        Assert.Equal("没有未读消息。", await chat.SayAsync(openId, "我的消息"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            db.Send(parent.UserId, new MessageDraft("notice", "明天春游，请带水", "详见小程序"), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        var messages = await chat.SayAsync(openId, "未读");
        Assert.Contains("1 条未读消息", messages);
        Assert.Contains("明天春游，请带水", messages);

        var actions = await chat.BotActionsAsync();
        Assert.Contains(actions, a => a.Command == "bind-official-account" && a.UserId == parent.UserId && a.Outcome == "ok");
        Assert.Contains(actions, a => a.Command == "my-messages" && a.UserId == parent.UserId);
        Assert.DoesNotContain(openId, app.LogText);
        Assert.DoesNotContain("明天春游", app.LogText);
    }

    [Fact]
    public async Task A_follower_whose_unionid_matches_a_mini_program_user_is_linked_without_a_code()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var loginCode = app.Wechat.IssueLoginCode(Wechat.Fake.FakeWechatServer.SandboxOpenId("volunteer-union"), "union-42");
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = loginCode })).EnsureSuccessStatusCode();
        var openId = OfficialAccountChat.OpenId("volunteer-union");
        app.Wechat.AddFollower(openId);
        app.Wechat.SetUnionId(openId, "union-42");

        var welcome = await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "subscribe")));

        Assert.Contains("欢迎回来", welcome);
        Assert.Equal("没有未读消息。", await chat.SayAsync(openId, "我的消息"));
    }

    [Fact]
    public async Task Following_clicking_a_menu_and_scanning_open_no_customer_window_but_writing_does()
    {
        await using var app = await ChatbotApps.StartAsync();   // no templates: on WeChat only a customer message could carry a message
        var chat = new OfficialAccountChat(app);
        var loginCode = app.Wechat.IssueLoginCode(Wechat.Fake.FakeWechatServer.SandboxOpenId("parent-quiet"), "union-quiet");
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = loginCode })).EnsureSuccessStatusCode();
        var openId = OfficialAccountChat.OpenId("parent-quiet");
        app.Wechat.AddFollower(openId);
        app.Wechat.SetUnionId(openId, "union-quiet");

        Assert.Contains("欢迎回来", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "subscribe"))));   // linked by unionid
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("你可以回复", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "CLICK", "帮助"))));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "SCAN", "activity-checkin:42")));

        // WeChat gives those events 3 messages within a minute, nothing a later send can use: no customer message is tried.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var first = await SendAndDispatchAsync(app, openId, "第一条");
        Assert.Empty(app.Wechat.CallsTo("cgi-bin/message/custom/send"));
        Assert.Equal((OutboxStatus.Delivered, DeliveryChannel.Inbox), first);

        // Writing opens WeChat's 48-hour window (the fake opens it as WeChat would): the next message goes out as a customer message.
        Assert.Contains("1. 第一条", await chat.SayAsync(openId, "我的消息"));
        app.Wechat.RecordUserMessage(openId);
        var second = await SendAndDispatchAsync(app, openId, "第二条");
        Assert.Equal((OutboxStatus.Delivered, DeliveryChannel.Customer), second);
        Assert.Contains("第二条", Assert.Single(app.Wechat.CallsTo("cgi-bin/message/custom/send")).Body);
    }

    /// <summary>Writes a message to the person linked to <paramref name="openId"/>, runs the dispatcher once and answers how it went.</summary>
    private static async Task<(OutboxStatus, string?)> SendAndDispatchAsync(CareApp app, string openId, string title)
    {
        Guid id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var userId = await db.Users.Where(u => u.OfficialAccountOpenId == openId).Select(u => u.Id).SingleAsync();
            id = db.Send(userId, new MessageDraft("chat_window_check", title, "请查看。"), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        await using (var scope = app.Services.CreateAsyncScope())
            await app.Services.GetRequiredService<WechatCare.Bot.Delivery.OutboxDispatcher>().RunAsync(scope.ServiceProvider, CancellationToken.None);
        using (var scope = app.Services.CreateScope())
        {
            var sent = await scope.ServiceProvider.GetRequiredService<CareDb>().Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
            return (sent.Status, sent.Channel);
        }
    }

    [Fact]
    public async Task Help_and_role_commands_follow_the_persons_roles()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync("parent-li");
        var teacher = await app.LogInAsync("teacher-zhao");
        await OrganizationWithAsync(app, (parent, "parent"), (teacher, "teacher"));
        await chat.LinkAsync(parent, OfficialAccountChat.OpenId("parent-li"));
        await chat.LinkAsync(teacher, OfficialAccountChat.OpenId("teacher-zhao"));

        var parentHelp = await chat.SayAsync(OfficialAccountChat.OpenId("parent-li"), "菜单");
        Assert.Contains("考勤 [孩子名]", parentHelp);
        Assert.DoesNotContain("今日考勤", parentHelp);
        Assert.DoesNotContain("绑定公众号 123456", parentHelp);
        var teacherHelp = await chat.SayAsync(OfficialAccountChat.OpenId("teacher-zhao"), "help");
        Assert.Contains("今日考勤", teacherHelp);
        Assert.DoesNotContain("考勤 [孩子名]", teacherHelp);

        Assert.Contains("未找到该儿童档案", await chat.SayAsync(OfficialAccountChat.OpenId("parent-li"), "出勤 小明"));
        Assert.Contains("不对你的身份开放", await chat.SayAsync(OfficialAccountChat.OpenId("parent-li"), "今日考勤 三(2)班"));
        Assert.Contains("不对你的身份开放", await chat.SayAsync(OfficialAccountChat.OpenId("teacher-zhao"), "考勤"));
        Assert.Contains("未找到该班级", await chat.SayAsync(OfficialAccountChat.OpenId("teacher-zhao"), "今日考勤 三(2)班"));
        Assert.Contains("请先回复“活动”查看编号", await chat.SayAsync(OfficialAccountChat.OpenId("parent-li"), "报名１２"));

        Assert.Contains(await chat.BotActionsAsync(), a => a.Command == "todays-attendance" && a.Outcome == "not-allowed" && a.UserId == parent.UserId);
    }

    [Fact]
    public async Task Events_welcome_unfollow_scan_click_and_subscribe_grants()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync("parent-events");
        var openId = OfficialAccountChat.OpenId("parent-events");

        var welcome = await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(OfficialAccountChat.OpenId("newcomer"), "subscribe", "qrscene_activity-checkin:42")));
        Assert.Contains("欢迎关注", welcome);
        Assert.Contains("绑定公众号", welcome);
        Assert.Contains("绑定账号后才能扫码签到", welcome);

        await chat.LinkAsync(parent, openId);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("签到码无效", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "SCAN", "activity-checkin:42"))));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("你可以回复", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "CLICK", "帮助"))));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var popup = new XElement("SubscribeMsgPopupEvent",
            new XElement("List", new XElement("TemplateId", "tmpl-notice"), new XElement("SubscribeStatusString", "accept"), new XElement("PopupScene", "2")),
            new XElement("List", new XElement("TemplateId", "tmpl-report"), new XElement("SubscribeStatusString", "reject"), new XElement("PopupScene", "2")));
        Assert.Equal("success", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "subscribe_msg_popup_event", null, popup))));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await FollowsAsync(app, parent.UserId));
        Assert.Equal("success", await chat.ReplyTextAsync(await chat.PostAsync(chat.Event(openId, "unsubscribe"))));
        Assert.False(await FollowsAsync(app, parent.UserId));

        await using var scope = app.Services.CreateAsyncScope();
        var grants = await scope.ServiceProvider.GetRequiredService<CareDb>().SubscribeGrants.AsNoTracking().Where(g => g.UserId == parent.UserId).ToListAsync();
        Assert.Equal(1, grants.Single(g => g.TemplateId == "tmpl-notice").Remaining);
        Assert.Equal(0, grants.Single(g => g.TemplateId == "tmpl-report").Remaining);
        Assert.Contains(await chat.BotActionsAsync(), a => a.Command == "unsubscribe" && a.UserId == parent.UserId);
    }

    [Fact]
    public async Task The_mini_program_callback_feeds_subscribe_grants_to_the_ledger_once()
    {
        await using var app = await ChatbotApps.StartAsync();
        var parent = await app.LogInAsync("parent-mp");

        for (var i = 0; i < 2; i++) await PushPopupAnswerAsync(app, "parent-mp", "tmpl-a");

        // Two copies of one push add one send, not two.
        var grant = Assert.Single(await GrantsAsync(app));
        Assert.Equal((parent.UserId, "tmpl-a", 1), (grant.UserId, grant.TemplateId, grant.Remaining));
    }

    [Fact]
    public async Task One_popup_answer_reported_by_the_mini_program_and_by_wechat_adds_one_send()
    {
        await using var app = await ChatbotApps.StartAsync();
        var parent = await app.LogInAsync("parent-both");
        async Task ReportFromMiniProgramAsync() =>
            await (await parent.Http.PostJsonAsync("/api/me/subscriptions", new { accepted = new[] { "tmpl-a" }, rejected = Array.Empty<string>() })).ExpectAsync(200);
        async Task<int> RemainingAsync() => (await GrantsAsync(app)).Single().Remaining;

        await ReportFromMiniProgramAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await PushPopupAnswerAsync(app, "parent-both", "tmpl-a");
        Assert.Equal(1, await RemainingAsync());

        // The next popup, an hour later, reported in the other order: one more.
        app.Clock.Advance(TimeSpan.FromHours(1));
        await PushPopupAnswerAsync(app, "parent-both", "tmpl-a");
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        await ReportFromMiniProgramAsync();
        Assert.Equal(2, await RemainingAsync());

        // Two popups in a row answered in the mini-program are two sends, and so is an answer only WeChat reports.
        app.Clock.Advance(TimeSpan.FromHours(1));
        await ReportFromMiniProgramAsync();
        await ReportFromMiniProgramAsync();
        Assert.Equal(4, await RemainingAsync());
        app.Clock.Advance(TimeSpan.FromHours(1));
        await PushPopupAnswerAsync(app, "parent-both", "tmpl-a");
        Assert.Equal(5, await RemainingAsync());
    }

    private static async Task PushPopupAnswerAsync(CareApp app, string who, string templateId)
    {
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Wechat.Push.WechatMessageCrypto.Sign(OfficialAccountChat.Token, now, "77");
        var json = $$"""
            {"ToUserName":"gh_mp","FromUserName":"{{Wechat.Fake.FakeWechatServer.SandboxOpenId(who)}}","CreateTime":{{now}},"MsgType":"event",
             "Event":"subscribe_msg_popup_event","List":[{"TemplateId":"{{templateId}}","SubscribeStatusString":"accept","PopupScene":"0"}]}
            """;
        var response = await app.CreateClient().PostAsync($"/wechat/miniprogram/callback?signature={signature}&timestamp={now}&nonce=77",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<WechatCare.Domain.Delivery.SubscribeGrant>> GrantsAsync(CareApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CareDb>().SubscribeGrants.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_follower_sending_too_fast_is_asked_to_slow_down()
    {
        await using var app = await ChatbotApps.StartAsync(("Bot:MessagesPerMinute", "3"));
        var chat = new OfficialAccountChat(app);
        var openId = OfficialAccountChat.OpenId("chatty");

        for (var i = 0; i < 3; i++) Assert.Contains("你可以回复", await chat.SayAsync(openId, "帮助"));
        Assert.Contains("操作太频繁", await chat.SayAsync(openId, "帮助"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("你可以回复", await chat.SayAsync(openId, "帮助"));
    }

    [Fact]
    public async Task Only_a_platform_admin_publishes_the_menu_from_configuration()
    {
        await using var app = await ChatbotApps.StartAsync();
        var volunteer = await app.LogInAsync("volunteer-menu");
        await (await volunteer.Http.PostAsync("/api/admin/wechat/menu", null)).ExpectAsync(403);
        Assert.Empty(app.Wechat.CallsTo("cgi-bin/menu/create"));

        var admin = await app.LogInAsAdminAsync();
        Assert.Equal(3, (await (await admin.Http.PostAsync("/api/admin/wechat/menu", null)).ExpectAsync(200))["buttons"]!.GetValue<int>());
        var call = Assert.Single(app.Wechat.CallsTo("cgi-bin/menu/create"));
        Assert.Contains("我的消息", call.Body);
        Assert.Contains("\"sub_button\"", call.Body);
    }

    [Fact]
    public async Task Free_text_for_other_people_passes_WeChat_content_security()
    {
        await using var app = await ChatbotApps.StartAsync();
        var parent = await app.LogInAsync("parent-text");
        app.Wechat.FlagContent("坏话");
        var writer = new ChatContext("o-oa", "hash", parent.UserId, Wechat.Fake.FakeWechatServer.SandboxOpenId("parent-text"), false,
            new HashSet<Role>(), null!, null!);
        var security = app.Services.GetRequiredService<ContentSecurity>();

        await security.EnsurePublishableAsync(writer, "今天给小红打了电话", default);
        var refused = await Assert.ThrowsAsync<DomainException>(() => security.EnsurePublishableAsync(writer, "一句坏话", default));
        Assert.Equal("content_rejected", refused.Code);
    }

    private static async Task<bool> FollowsAsync(CareApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CareDb>().Users.Where(u => u.Id == userId).Select(u => u.FollowsOfficialAccount).SingleAsync();
    }
}
