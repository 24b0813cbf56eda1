using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Delivery;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Delivery;

public sealed class ReminderTests
{
    [Fact]
    public async Task A_day_later_unconfirmed_parents_are_reminded_unread_ones_get_a_digest_and_the_unreachable_go_on_a_call_list()
    {
        await using var app = new CareApp
        {
            Settings = DeliveryWorld.Settings(("Wechat:Templates:notice_reminder", DeliveryWorld.SubscribeTemplate),
                ("Wechat:Templates:notice_reminder.oa", DeliveryWorld.OfficialTemplate), ("Wechat:Templates:notice_digest.oa", DeliveryWorld.OfficialTemplate)),
        };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["with-grant"], Role.Parent);
        await world.GrantAsync(["with-grant"]);
        await world.SeedAsync(["follower"], Role.Parent, follower: true);
        await world.SeedAsync(["unreachable", "confirmed-already"], Role.Parent);
        var mustConfirm = await world.PublishAsync(new { kind = "parents" }, title: "秋游安全须知", requiresConfirmation: true);
        var plain = await world.PublishAsync(new { kind = "parents" }, title: "食堂菜单更新");
        await world.RunAsync();
        await (await (await app.LogInAsync("confirmed-already")).Http.PostAsync($"/api/notices/{mustConfirm.Str("id")}/confirm", null)).ExpectAsync(200);
        await (await (await app.LogInAsync("with-grant")).Http.PostAsync($"/api/notices/{plain.Str("id")}/read", null)).ExpectAsync(200);

        Task RunJobAsync() => RunReminderJobAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(23));
        await RunJobAsync();
        Assert.Equal(8, (await world.OutboxAsync()).Count);   // nothing yet

        app.Clock.Advance(TimeSpan.FromHours(2));
        await RunJobAsync();
        await RunJobAsync();   // once per notice
        await world.RunAsync();

        var added = await world.DbAsync(db => db.Outbox.Where(o => o.Purpose != "notice")
            .Select(o => new { o.RecipientUserId, o.Purpose, o.Channel, o.Title, o.Body }).ToListAsync());
        var people = world.People;
        Assert.Contains(added, m => m.RecipientUserId == people["with-grant"] && m is { Purpose: NoticeReminderJob.ReminderPurpose, Channel: DeliveryChannel.Subscribe });
        Assert.Contains(added, m => m.RecipientUserId == people["follower"] && m is { Purpose: NoticeReminderJob.ReminderPurpose, Channel: DeliveryChannel.Template });
        var digest = Assert.Single(added, m => m.Purpose == NoticeReminderJob.DigestPurpose);
        Assert.Equal(people["follower"], digest.RecipientUserId);
        Assert.Contains("食堂菜单更新", digest.Body);
        Assert.DoesNotContain(added, m => (m.RecipientUserId == people["unreachable"] || m.RecipientUserId == people["confirmed-already"])
                                          && m.Purpose != NoticeReminderJob.CallListPurpose);

        var callLists = added.Where(m => m.Purpose == NoticeReminderJob.CallListPurpose).ToList();
        Assert.Equal(2, callLists.Count);
        Assert.All(callLists, c => Assert.Equal(world.Organizer.UserId, c.RecipientUserId));
        var confirmList = Assert.Single(callLists, c => c.Title.Contains("秋游安全须知"));
        Assert.EndsWith("请电话联系：" + DeliveryWorld.ParentLabel("unreachable"), confirmList.Body);
        Assert.DoesNotContain("follower", confirmList.Body);
        Assert.DoesNotContain("confirmed-already", confirmList.Body);
        Assert.Equal(5, added.Count);
    }

    [Fact]
    public async Task A_parent_reachable_only_through_a_subscribe_grant_is_on_the_call_list_for_an_unread_notice()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Wechat:Templates:notice_reminder", DeliveryWorld.SubscribeTemplate)) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["grant-only"], Role.Parent);
        await world.GrantAsync(["grant-only"]);
        await world.PublishAsync(new { kind = "parents" }, title: "食堂菜单更新");
        await world.RunAsync();

        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);

        // Digests spend no grant, so nothing reaches this parent on WeChat: the organizer is told to call.
        var added = await world.DbAsync(db => db.Outbox.Where(o => o.Purpose != "notice").ToListAsync());
        var callList = Assert.Single(added);
        Assert.Equal(NoticeReminderJob.CallListPurpose, callList.Purpose);
        Assert.Contains(DeliveryWorld.ParentLabel("grant-only"), callList.Body);
    }

    [Fact]
    public async Task A_follower_is_on_the_call_list_when_no_official_account_template_carries_the_follow_up_unless_they_wrote_lately()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };   // no template for reminders or digests
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["silent-follower", "chatty-follower"], Role.Parent, follower: true);
        await world.SeedAsync(["wrote-then-left"], Role.Parent);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            foreach (var name in new[] { "chatty-follower", "wrote-then-left" })
            {
                var user = await db.Users.SingleAsync(u => u.Id == world.People[name]);
                user.LinkOfficialAccount(DeliveryWorld.OfficialOpenId(name));
                user.RecordOfficialAccountMessage(app.Clock.GetUtcNow() + TimeSpan.FromHours(23));   // a day after the notice
            }
            await db.SaveChangesAsync();
        }
        await world.PublishAsync(new { kind = "parents" }, title: "食堂菜单更新");

        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);

        var added = await world.DbAsync(db => db.Outbox.Where(o => o.Purpose != "notice").ToListAsync());
        var callList = Assert.Single(added, m => m.Purpose == NoticeReminderJob.CallListPurpose);
        Assert.Contains("以下 2 人", callList.Body);
        Assert.Contains(DeliveryWorld.ParentLabel("silent-follower"), callList.Body);   // follows, but no OA template for digests
        Assert.Contains(DeliveryWorld.ParentLabel("wrote-then-left"), callList.Body);   // no customer message to someone who unfollowed
        var digest = Assert.Single(added, m => m.Purpose == NoticeReminderJob.DigestPurpose);
        Assert.Equal(world.People["chatty-follower"], digest.RecipientUserId);   // inside the customer-service window
    }

    [Fact]
    public async Task A_long_call_list_names_the_first_hundred_and_points_to_the_full_list()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        var names = Enumerable.Range(1, 130).Select(i => $"far-parent-{i:D3}").ToList();
        await world.SeedAsync(names, Role.Parent);
        await world.PublishAsync(new { kind = "parents" }, title: "寒假安排");

        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);

        var callList = Assert.Single(await world.DbAsync(db => db.Outbox.Where(o => o.Purpose == NoticeReminderJob.CallListPurpose).ToListAsync()));
        Assert.Contains("以下 130 人", callList.Body);
        Assert.Equal(100, names.Count(name => callList.Body.Contains(DeliveryWorld.ParentLabel(name))));
        Assert.Contains("完整名单", callList.Body);
    }

    [Fact]
    public async Task Two_bot_processes_running_the_reminder_job_at_once_remind_each_person_once()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Wechat:Templates:notice_digest.oa", DeliveryWorld.OfficialTemplate)) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["follower-a", "follower-b"], Role.Parent, follower: true);
        await world.SeedAsync(["no-wechat"], Role.Parent);
        for (var i = 1; i <= 10; i++) await world.PublishAsync(new { kind = "parents" }, title: $"家长开放日第{i}场");

        app.Clock.Advance(TimeSpan.FromHours(25));
        using var start = new ManualResetEventSlim();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await RunReminderJobAsync(app);
        })).Append(Task.Run(start.Set)));

        // Ten call lists (one per notice) and each follower's digests covering the ten notices once.
        var added = await world.DbAsync(db => db.Outbox.Where(o => o.Purpose != "notice").Select(o => new { o.Purpose, o.Body }).ToListAsync());
        Assert.Equal(10, added.Count(m => m.Purpose == NoticeReminderJob.CallListPurpose));
        Assert.Equal(20, added.Where(m => m.Purpose == NoticeReminderJob.DigestPurpose).Sum(m => m.Body.Split('\n').Length));
    }

    [Fact]
    public async Task The_organizer_reads_whom_to_call_as_the_parents_of_named_children_of_a_class_and_volunteers_by_their_real_names()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        // Nobody here sets a display name: families are registered and linked as a school does it, volunteers fill in their card.
        var wang = await NoticeTests.FamilyAsync(app, world, "parent-wang", "测试童小明", "四年级二班");
        var li = await NoticeTests.FamilyAsync(app, world, "parent-li", "测试童小红", "四年级二班");
        var liSecond = (await (await world.Organizer.Http.PostJsonAsync("/api/children",
            NoticeTests.ChildBody(world, "测试童小刚"))).ExpectAsync(201)).Str("id");
        await ChildrenWorld.LinkAsync(world.Organizer, li.Parent, liSecond);   // NewChild's class: 四年级二班 as well
        var zhang = await app.LogInAsync("volunteer-zhang");
        await (await zhang.Http.PutJsonAsync("/api/me/volunteer", new
        {
            realName = "测试张志愿", phone = "13912345678", kind = "social", skills = new[] { "teaching" }, birthDate = "1995-06-01",
        })).ExpectAsync(200);
        await (await world.Organizer.Http.PutJsonAsync($"/api/organizations/{world.OrganizationId}/members/{zhang.UserId}", new { role = "volunteer" })).ExpectAsync(200);
        // A parent who also volunteers is named both ways.
        await (await wang.Parent.Http.PutJsonAsync("/api/me/volunteer", new
        {
            realName = "测试王芳", phone = "13912345679", kind = "social", skills = new[] { "cooking" }, birthDate = "1990-03-01",
        })).ExpectAsync(200);

        var forParents = (await world.PublishAsync(new { kind = "parents" }, title: "秋季家长会")).Str("id");
        var forVolunteers = (await world.PublishAsync(new { kind = "volunteers" }, title: "周末陪伴活动安排")).Str("id");
        var wangLabel = "测试王芳（四年级二班 测试童小明的家长）";
        var liLabel = "四年级二班 测试童小刚、测试童小红的家长";

        var unread = await (await world.Organizer.Http.GetAsync($"/api/notices/{forParents}/unread")).ExpectAsync(200);
        Assert.Equal([liLabel, wangLabel], unread["items"]!.AsArray().Select(i => i!.Str("label")).Order(StringComparer.Ordinal));
        var volunteers = await (await world.Organizer.Http.GetAsync($"/api/notices/{forVolunteers}/unread")).ExpectAsync(200);
        Assert.Equal(["测试张志愿"], volunteers["items"]!.AsArray().Select(i => i!.Str("label")));

        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);

        var callLists = await world.DbAsync(db => db.Inbox.Where(m => m.UserId == world.Organizer.UserId && m.Purpose == NoticeReminderJob.CallListPurpose)
            .Select(m => new { m.Title, m.Body }).ToListAsync());
        var parentsCall = Assert.Single(callLists, c => c.Title.Contains("秋季家长会")).Body;
        Assert.EndsWith($"请电话联系：{liLabel}；{wangLabel}", parentsCall);
        Assert.DoesNotContain("未登记", parentsCall);
        Assert.EndsWith("请电话联系：测试张志愿", Assert.Single(callLists, c => c.Title.Contains("周末陪伴活动安排")).Body);

        // Each time a child's name was shown to staff, the guardian can see it in the read log, in Chinese (a day later: a new sign-in).
        var reads = (await (await (await app.LogInAsync(wang.Parent.Name)).Http.GetAsync($"/api/children/{wang.ChildId}/reads?pageSize=100")).ExpectAsync(200))["items"]!.AsArray();
        Assert.Contains(reads, r => r!.Str("purpose") == "ListUnreadRecipients" && r!.Str("readerId") == world.Organizer.UserId.ToString()
                                    && r!.Str("description").EndsWith("（老师/工作人员）查看通知未读名单：姓名、班级", StringComparison.Ordinal));
        Assert.Contains(reads, r => r!.Str("purpose") == "NoticeCallList"
                                    && r!.Str("description").EndsWith("（老师/工作人员）收到通知电话联系名单：姓名、班级", StringComparison.Ordinal));
        var liReads = (await (await (await app.LogInAsync(li.Parent.Name)).Http.GetAsync($"/api/children/{liSecond}/reads?pageSize=100")).ExpectAsync(200))["items"]!.AsArray();
        Assert.Single(liReads, r => r!.Str("purpose") == "NoticeCallList");
    }

    [Fact]
    public async Task Reading_the_notices_marks_their_reminder_and_digest_read_and_opening_the_unread_list_marks_the_call_list_read()
    {
        await using var app = new CareApp
        {
            Settings = DeliveryWorld.Settings(("Wechat:Templates:notice_reminder.oa", DeliveryWorld.OfficialTemplate),
                ("Wechat:Templates:notice_digest.oa", DeliveryWorld.OfficialTemplate)),
        };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["follower"], Role.Parent, follower: true);
        await world.SeedAsync(["unreachable"], Role.Parent);
        var mustConfirm = (await world.PublishAsync(new { kind = "parents" }, title: "秋游安全须知", requiresConfirmation: true)).Str("id");
        var menu = (await world.PublishAsync(new { kind = "parents" }, title: "食堂菜单更新")).Str("id");
        var library = (await world.PublishAsync(new { kind = "parents" }, title: "图书角开放")).Str("id");
        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);

        var parent = await app.LogInAsync("follower");
        async Task<List<string>> UnreadTitlesAsync(UserClient who) =>
            (await (await who.Http.GetAsync("/api/me/messages?unreadOnly=true")).ExpectAsync(200))["items"]!.AsArray().Select(m => m!.Str("title")).ToList();
        Assert.Equal(new[] { "请确认：秋游安全须知", "您有 2 条未读通知", "图书角开放", "食堂菜单更新", "秋游安全须知" }.Order(StringComparer.Ordinal),
            (await UnreadTitlesAsync(parent)).Order(StringComparer.Ordinal));

        await (await parent.Http.GetAsync($"/api/notices/{mustConfirm}")).ExpectAsync(200);   // opened, not yet confirmed
        Assert.DoesNotContain("请确认：秋游安全须知", await UnreadTitlesAsync(parent));
        await (await parent.Http.PostAsync($"/api/notices/{menu}/read", null)).ExpectAsync(200);
        Assert.Contains("您有 2 条未读通知", await UnreadTitlesAsync(parent));   // the digest still lists an unread notice
        await (await parent.Http.PostAsync($"/api/notices/{library}/read", null)).ExpectAsync(200);
        Assert.Empty(await UnreadTitlesAsync(parent));

        var organizer = await app.LogInAsync(world.Organizer.Name);
        Assert.Equal(3, (await UnreadTitlesAsync(organizer)).Count(t => t.StartsWith("待电话联系", StringComparison.Ordinal)));
        await (await organizer.Http.GetAsync($"/api/notices/{menu}/unread")).ExpectAsync(200);
        Assert.Equal(["待电话联系：图书角开放", "待电话联系：秋游安全须知"], (await UnreadTitlesAsync(organizer)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_person_marks_one_of_their_messages_read_by_its_id_from_the_page_a_wechat_message_opened_and_nobody_elses()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["follower"], Role.Parent, follower: true);
        await world.SeedAsync(["other"], Role.Parent);
        var notice = (await world.PublishAsync(new { kind = "parents" }, title: "食堂菜单更新")).Str("id");
        await world.RunAsync();
        app.Clock.Advance(TimeSpan.FromHours(25));
        await RunReminderJobAsync(app);   // "other" goes on the organizer's call list

        // The organizer's call list, opened from WeChat: the page carries m=<message id> (32 hex digits) and marks it read.
        var organizer = await app.LogInAsync(world.Organizer.Name);
        var callList = (await (await organizer.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]!.AsArray().Single()!;
        Assert.Null(callList["readAt"]);
        var m = Guid.Parse(callList.Str("id")).ToString("N");
        var read = await (await organizer.Http.PostAsync($"/api/me/messages/{m}/read", null)).ExpectAsync(200);
        Assert.NotNull(read["readAt"]);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await (await organizer.Http.PostAsync($"/api/me/messages/{m}/read", null)).ExpectAsync(200);
        Assert.Equal(read.Str("readAt"), again.Str("readAt"));   // idempotent: the first reading stands
        Assert.Equal(0, (await (await organizer.Http.GetAsync("/api/me/messages?unreadOnly=true")).ExpectAsync(200))["total"]!.GetValue<int>());

        // Someone else's message is not found, and stays unread.
        var parent = await app.LogInAsync("follower");
        async Task<JsonNode> NoticeMessageAsync() => (await (await parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]!.AsArray()
            .Single(i => i!.Str("purpose") == "notice")!;
        var noticeMessage = await NoticeMessageAsync();
        var other = await app.LogInAsync("other");
        var refused = await (await other.Http.PostAsync($"/api/me/messages/{noticeMessage.Str("id")}/read", null)).ExpectAsync(404);
        Assert.Equal("not_found", refused.Str("code"));
        Assert.Null((await NoticeMessageAsync())["readAt"]);

        // A notice's own message holds the whole notice: reading it reads the notice.
        await (await parent.Http.PostAsync($"/api/me/messages/{noticeMessage.Str("id")}/read", null)).ExpectAsync(200);
        var stats = (await (await organizer.Http.GetAsync($"/api/notices/{notice}")).ExpectAsync(200))["stats"]!;
        Assert.Equal(1, stats["read"]!.GetValue<int>());
    }

    /// <summary>One run of the re-reminder job, in its own scope, as the bot worker runs it.</summary>
    private static async Task RunReminderJobAsync(CareApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await app.Services.GetServices<IBotJob>().OfType<NoticeReminderJob>().Single().RunAsync(scope.ServiceProvider, CancellationToken.None);
    }
}
