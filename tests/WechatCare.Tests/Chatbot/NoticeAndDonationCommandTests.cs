using WechatCare.Tests.Children;
using WechatCare.Tests.Donations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>通知 and 确认 N against the Notices use cases; 捐赠 and 认捐 N against the Donations use cases.</summary>
public sealed class NoticeAndDonationCommandTests
{
    [Fact]
    public async Task A_parent_lists_open_notices_and_confirms_one_by_its_number()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        var openId = await chat.LinkedAsync(w.Parent);
        Assert.Equal("没有未读或待确认的通知。", await chat.SayAsync(openId, "通知"));

        async Task<string> PublishAsync(string title, bool requiresConfirmation) =>
            (await (await w.OrganizerA.Http.PostJsonAsync("/api/notices", new
            {
                organizationId = w.OrgA, title, body = "详见学校公告栏。", audience = new { kind = "parents" }, requiresConfirmation,
            })).ExpectAsync(201)).Str("id");
        await PublishAsync("周五放学时间调整", requiresConfirmation: false);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var meeting = await PublishAsync("家长会回执", requiresConfirmation: true);

        var list = await chat.SayAsync(openId, "我的通知");
        Assert.Contains("你有 2 条通知待处理", list);
        Assert.Contains("1. 家长会回执（9月1日） 需确认", list);
        Assert.Contains("2. 周五放学时间调整", list);

        Assert.Equal("这条通知不需要确认", await chat.SayAsync(openId, "确认 2"));
        Assert.Equal("已确认收到，谢谢！", await chat.SayAsync(openId, "确认１"));
        var stats = (await (await w.OrganizerA.Http.GetAsync($"/api/notices/{meeting}")).ExpectAsync(200))["stats"]!;
        Assert.Equal(1, stats["confirmed"]!.GetValue<int>());

        // The other notice is still unread; the confirmed one is done.
        var rest = await chat.SayAsync(openId, "通知");
        Assert.Contains("1. 周五放学时间调整", rest);
        Assert.DoesNotContain("家长会回执", rest);
        await chat.AssertAuditedAsync(w.Parent, "confirm-notice", "ok");
        await chat.AssertAuditedAsync(w.Parent, "confirm-notice", "refused");

        // A stranger has no notices and cannot confirm by guessing numbers.
        var stranger = await chat.LinkedAsync(w.Stranger);
        Assert.Equal("没有未读或待确认的通知。", await chat.SayAsync(stranger, "通知"));
        Assert.Contains("请先回复“通知”查看编号", await chat.SayAsync(stranger, "确认 1"));
    }

    [Fact]
    public async Task A_scheduled_notice_is_dated_and_ordered_by_when_it_went_out_not_when_it_was_written()
    {
        await using var app = await ChatbotApps.StartAsync();   // the clock: 1 September, 09:00
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        var openId = await chat.LinkedAsync(w.Parent);

        async Task<string> PublishAsync(string title, DateTimeOffset? scheduledAt) =>
            (await (await w.OrganizerA.Http.PostJsonAsync("/api/notices", new
            {
                organizationId = w.OrgA, title, body = "详见学校公告栏。", audience = new { kind = "parents" }, scheduledAt,
            })).ExpectAsync(201)).Str("id");
        var outing = await PublishAsync("秋游出发时间", new DateTimeOffset(2026, 9, 3, 8, 0, 0, TimeSpan.FromHours(8)));   // written first
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await PublishAsync("周五放学时间调整", null);

        app.Clock.Advance(TimeSpan.FromDays(2));   // 3 September, 09:05
        var list = await chat.SayAsync(openId, "通知");
        Assert.Contains("1. 秋游出发时间（9月3日）\n2. 周五放学时间调整（9月1日）", list);

        var organizer = await app.LogInAsync(w.OrganizerA.Name);
        var view = await (await organizer.Http.GetAsync($"/api/notices/{outing}")).ExpectAsync(200);
        Assert.Equal("2026-09-03T08:00:00+08:00", view.Str("publishedAt"));
        Assert.Equal("2026-09-01T09:00:00+08:00", view.Str("createdAt"));
    }

    [Fact]
    public async Task Anyone_sees_what_a_drive_still_needs_and_a_linked_person_pledges_with_the_APIs_rules()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 75);

        var guestView = await chat.SayAsync(OfficialAccountChat.OpenId("guest-donor"), "还差多少");
        Assert.Contains("1. 爱心助学·秋季募集", guestView);
        Assert.Contains("还差：儿童牙刷、牙膏 75套、书包 30个", guestView);
        Assert.Contains("你还没有绑定账号", await chat.SayAsync(OfficialAccountChat.OpenId("guest-donor"), "认捐 1 牙刷 10"));

        var donor = await app.LogInAsync("donor-chen");
        var openId = await chat.LinkedAsync(donor);
        Assert.Contains("请先回复“捐赠”查看编号", await chat.SayAsync(openId, "认捐 1 牙刷 10"));
        await chat.SayAsync(openId, "捐赠");
        Assert.Contains("已认捐儿童牙刷、牙膏 10套", await chat.SayAsync(openId, "认捐 1 牙刷１０套"));
        Assert.Contains("儿童牙刷、牙膏 65套", await chat.SayAsync(openId, "捐赠"));

        var api = await (await donor.Http.PostJsonAsync($"/api/drives/{drive.Str("id")}/pledges",
            new { items = new[] { new { itemId = DonationWorld.ItemId(drive, 0), quantity = 100 } } })).ExpectAsync(422);
        Assert.Equal(api.Str("detail"), await chat.SayAsync(openId, "认捐 1 牙刷 100"));
        Assert.Contains("没有“电脑”这一项", await chat.SayAsync(openId, "认捐 1 电脑 1"));
        Assert.Contains("格式不对", await chat.SayAsync(openId, "认捐 牙刷"));

        var pledges = await (await world.Organizer.Http.GetAsync($"/api/drives/{drive.Str("id")}/pledges")).ExpectAsync(200);
        var pledge = pledges["items"]!.AsArray().Single()!;
        Assert.Equal(donor.UserId.ToString(), pledge.Str("donorUserId"));
        Assert.Equal(10, pledge["items"]![0]!["quantity"]!.GetValue<int>());
        await chat.AssertAuditedAsync(donor, "pledge", "ok");
        await chat.AssertAuditedAsync(donor, "pledge", "refused");
    }

    [Fact]
    public async Task A_linked_person_pledges_an_item_with_sizes_by_naming_the_size_after_the_quantity()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync();
        var openId = await chat.LinkedAsync(await app.LogInAsync("donor-bag"));
        await chat.SayAsync(openId, "捐赠");

        Assert.Contains("小号、中号", await chat.SayAsync(openId, "认捐 1 书包 2 特大号"));
        Assert.Contains("小号、中号", await chat.SayAsync(openId, "认捐 1 书包 2"));
        Assert.Contains("已认捐书包 2个（中号）", await chat.SayAsync(openId, "认捐 1 书包 2 中号"));
        Assert.Contains("已认捐书包 1个（小号）", await chat.SayAsync(openId, "认捐 1 书包 1个 小号"));
        Assert.Contains("已认捐儿童牙刷、牙膏 3套", await chat.SayAsync(openId, "认捐 1 牙刷 3 套"));

        var pledges = await (await world.Organizer.Http.GetAsync($"/api/drives/{drive.Str("id")}/pledges")).ExpectAsync(200);
        Assert.Equal(["中号", "小号"], pledges["items"]!.AsArray().Take(2).Select(p => p!["items"]![0]!.Str("size")));
        Assert.Contains("认捐 1 书包 2 中号", await chat.SayAsync(openId, "帮助"));
    }

    [Fact]
    public async Task A_drive_past_its_end_is_no_longer_listed_as_open_and_live_drives_come_first()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var world = await DonationWorld.CreateAsync(app);
        var live = await world.OpenDriveAsync(title: "冬衣募集", endsInDays: 30);
        var ending = new List<string>();
        for (var i = 1; i <= 5; i++) ending.Add((await world.OpenDriveAsync(title: $"短期募集{i}", endsInDays: 2)).Str("id"));
        var draft = await (await world.Organizer.Http.PostJsonAsync("/api/drives", new
        {
            organizationId = world.OrgId, title = "草稿", description = "", designation = "爱心助学", moneyTargetFen = 10_000, endsAt = app.Clock.GetUtcNow().AddDays(1),
        })).ExpectAsync(201);
        app.Clock.Advance(TimeSpan.FromDays(3));
        var organizer = (await app.LogInAsync("organizer-wang")).Http;   // the first token has expired

        var list = await chat.SayAsync(OfficialAccountChat.OpenId("guest-late"), "捐赠");
        Assert.Contains("1. 冬衣募集", list);
        Assert.DoesNotContain("短期募集", list);

        var open = await (await organizer.GetAsync("/api/drives?status=open")).ExpectAsync(200);
        Assert.Equal([live.Str("id")], open["items"]!.AsArray().Select(d => d!.Str("id")));
        var closed = await (await organizer.GetAsync("/api/drives?status=closed")).ExpectAsync(200);
        Assert.Equal(5, closed["total"]!.GetValue<int>());
        Assert.All(closed["items"]!.AsArray(), d => Assert.Equal("closed", d!.Str("status")));
        Assert.Equal("closed", (await (await organizer.GetAsync($"/api/drives/{ending[0]}")).ExpectAsync(200)).Str("status"));
        Assert.Equal("closed", (await (await app.CreateClient().GetAsync($"/api/public/drives/{ending[0]}")).ExpectAsync(200)).Str("status"));

        // A draft whose end has passed cannot be opened.
        var refused = await (await organizer.PostAsync($"/api/drives/{draft.Str("id")}/open", null)).ExpectAsync(422);
        Assert.Equal("drive_ended", refused.Str("code"));
    }
}
