using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Notices;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Activities;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Models;

namespace WechatCare.Tests.Delivery;

public sealed class NoticeTests
{
    private static async Task<(CareApp App, DeliveryWorld World)> StartAsync()
    {
        var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        return (app, await DeliveryWorld.CreateAsync(app));
    }

    private static async Task<int> InboxCountAsync(CareApp app, string name) =>
        (await (await (await app.LogInAsync(name)).Http.GetAsync("/api/me/messages")).ExpectAsync(200))["total"]!.GetValue<int>();

    [Fact]
    public async Task A_class_notice_reaches_the_parents_of_that_class_and_nobody_else()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["parent-wang", "parent-li"], Role.Parent, childInClass: "三(2)班");
        await world.SeedAsync(["parent-zhao"], Role.Parent, childInClass: "三(1)班");
        await world.SeedAsync(["volunteer-sun"], Role.Volunteer);
        var otherSchool = await DeliveryWorld.CreateAsync(app, "红星小学");
        await otherSchool.SeedAsync(["parent-of-other-school"], Role.Parent, childInClass: "三(2)班");

        var notice = await world.PublishAsync(new { kind = "class", className = "三(2)班" });

        Assert.Equal("published", notice.Str("status"));
        Assert.Equal(2, notice["recipients"]!.GetValue<int>());
        Assert.Equal(1, await InboxCountAsync(app, "parent-wang"));
        Assert.Equal(1, await InboxCountAsync(app, "parent-li"));
        Assert.Equal(0, await InboxCountAsync(app, "parent-zhao"));
        Assert.Equal(0, await InboxCountAsync(app, "volunteer-sun"));
        Assert.Equal(0, await InboxCountAsync(app, "parent-of-other-school"));
    }

    [Fact]
    public async Task A_class_typed_with_full_width_brackets_and_spaces_is_the_same_class()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["parent-wang"], Role.Parent, childInClass: "三(2)班");
        await world.SeedAsync(["parent-zhao"], Role.Parent, childInClass: "三(1)班");

        var notice = await world.PublishAsync(new { kind = "class", className = "三 （2） 班" });

        Assert.Equal(1, notice["recipients"]!.GetValue<int>());
        Assert.Equal(1, await InboxCountAsync(app, "parent-wang"));
        Assert.Equal(0, await InboxCountAsync(app, "parent-zhao"));
    }

    [Fact]
    public async Task A_notice_whose_audience_reaches_nobody_is_refused_and_nothing_is_written()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["parent-wang"], Role.Parent, childInClass: "三(2)班");

        var problem = await (await world.Organizer.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = world.OrganizationId, title = "家长会", body = "周五下午三点开家长会。", audience = new { kind = "class", className = "三(3)班" },
        })).ExpectAsync(422);

        Assert.Equal("audience_empty", problem.Str("code"));
        Assert.Equal(0, await world.DbAsync(db => db.Notices.CountAsync()));
        Assert.Equal(0, await world.DbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task An_activity_notice_reaches_its_signed_up_and_waitlisted_volunteers_and_nobody_else()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var activities = await ActivityDriver.StartAsync(app);
        var (confirmed, waitlisted, cancelled, notSignedUp, otherActivity) = (await activities.VolunteerAsync("v-confirmed"),
            await activities.VolunteerAsync("v-waitlisted"), await activities.VolunteerAsync("v-cancelled"),
            await activities.VolunteerAsync("v-not-signed-up"), await activities.VolunteerAsync("v-other-activity"));
        var drill = (await activities.PublishedActivityAsync("防灾减灾演练", capacity: 1)).Str("id");
        var other = (await activities.PublishedActivityAsync("周末陪伴课堂")).Str("id");
        foreach (var v in new[] { confirmed, waitlisted, cancelled }) await ActivityDriver.SignUpAsync(v, drill);
        await (await cancelled.Http.DeleteAsync($"/api/activities/{drill}/signups/me")).ExpectAsync(200);
        await ActivityDriver.SignUpAsync(otherActivity, other);

        var notice = await (await activities.Organizer.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = activities.OrgId, title = "演练集合时间调整", body = "周六早上改为8点在学校操场集合。",
            audience = new { kind = "activity", activityId = drill },
        })).ExpectAsync(201);

        Assert.Equal(2, notice["recipients"]!.GetValue<int>());
        var unread = await (await activities.Organizer.Http.GetAsync($"/api/notices/{notice.Str("id")}/unread")).ExpectAsync(200);
        var reached = unread.ToJsonString();
        Assert.Contains(confirmed.UserId.ToString(), reached);
        Assert.Contains(waitlisted.UserId.ToString(), reached);
        foreach (var v in new[] { cancelled, notSignedUp, otherActivity }) Assert.DoesNotContain(v.UserId.ToString(), reached);
    }

    [Fact]
    public async Task All_parents_and_all_volunteers_are_separate_audiences()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1", "p2", "p3"], Role.Parent);
        await world.SeedAsync(["v1"], Role.Volunteer);

        Assert.Equal(3, (await world.PublishAsync(new { kind = "parents" }))["recipients"]!.GetValue<int>());
        Assert.Equal(1, (await world.PublishAsync(new { kind = "volunteers" }))["recipients"]!.GetValue<int>());
    }

    [Fact]
    public async Task All_parents_are_the_guardians_of_current_children_not_of_a_child_who_left_or_whose_deletion_was_asked()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var staying = await FamilyAsync(app, world, "parent-staying", "测试童甲");
        var left = await FamilyAsync(app, world, "parent-of-leaver", "测试童乙");
        var deleting = await FamilyAsync(app, world, "parent-deleting", "测试童丙");
        await (await world.Organizer.Http.PostAsync($"/api/children/{left.ChildId}/leave", null)).ExpectAsync(200);
        await (await deleting.Parent.Http.PostAsync($"/api/children/{deleting.ChildId}/deletion-request", null)).ExpectAsync(200);

        var notice = await world.PublishAsync(new { kind = "parents" });

        Assert.Equal(1, notice["recipients"]!.GetValue<int>());
        Assert.Equal(1, await InboxCountAsync(app, staying.Parent.Name));
        Assert.Equal(0, await InboxCountAsync(app, left.Parent.Name));
        Assert.Equal(0, await InboxCountAsync(app, deleting.Parent.Name));
    }

    /// <summary>A child's registration as the organizer sends it: without health notes, as the organizer holds no health-note grant.</summary>
    internal static System.Text.Json.Nodes.JsonNode ChildBody(DeliveryWorld world, string childName, string className = "四年级二班")
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
            ChildrenWorld.NewChild(world.OrganizationId.ToString(), childName, ChildrenWorld.GuardianPhone)))!;
        body["className"] = className;
        body.AsObject().Remove("healthNotes");
        return body;
    }

    /// <summary>A child registered through the API and a parent linked to it with a guardian invite, as a school does it.</summary>
    internal static async Task<(UserClient Parent, string ChildId)> FamilyAsync(CareApp app, DeliveryWorld world, string parentName, string childName,
        string className = "四年级二班")
    {
        var childId = (await (await world.Organizer.Http.PostJsonAsync("/api/children", ChildBody(world, childName, className))).ExpectAsync(201)).Str("id");
        var parent = await app.LogInAsync(parentName);
        await ChildrenWorld.LinkAsync(world.Organizer, parent, childId);
        return (parent, childId);
    }

    [Fact]
    public async Task Risky_text_is_refused_with_422_and_nothing_is_queued()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);
        app.Wechat.FlagContent("赌博", WxaMsgSecCheckResponse.Risky);

        var problem = await world.PublishAsync(new { kind = "parents" }, body: "周末一起去赌博", status: 422);

        Assert.Equal("content_rejected", problem.Str("code"));
        Assert.Empty(await world.OutboxAsync());
        Assert.Equal(0, await world.DbAsync(db => db.Notices.CountAsync()));
        Assert.Single(app.Wechat.CallsTo("wxa/msg_sec_check"));
    }

    [Fact]
    public async Task Text_under_review_is_held_until_an_organizer_approves_it()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);
        app.Wechat.FlagContent("募捐", WxaMsgSecCheckResponse.Review);

        var held = await world.PublishAsync(new { kind = "parents" }, body: "本周发起募捐活动");

        Assert.Equal("held", held.Str("status"));
        Assert.Empty(await world.OutboxAsync());
        Assert.Equal(0, await InboxCountAsync(app, "p1"));

        var approved = await (await world.Organizer.Http.PostAsync($"/api/notices/{held.Str("id")}/approve", null)).ExpectAsync(200);
        Assert.Equal("published", approved.Str("status"));
        Assert.Single(await world.OutboxAsync());
        Assert.Equal(1, await InboxCountAsync(app, "p1"));
    }

    [Fact]
    public async Task When_content_security_is_unavailable_the_notice_is_held_not_sent_unchecked()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);
        app.Wechat.FailNext("wxa/msg_sec_check", -1, times: 10);

        var held = await world.PublishAsync(new { kind = "parents" });

        Assert.Equal("held", held.Str("status"));
        Assert.Empty(await world.OutboxAsync());
    }

    [Fact]
    public async Task Reading_and_confirming_show_in_the_stats_and_the_lists_of_who_has_not()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["reader", "confirmer", "silent"], Role.Parent);
        var notice = await world.PublishAsync(new { kind = "parents" }, requiresConfirmation: true);
        var id = notice.Str("id");
        await world.RunAsync();

        var reader = await app.LogInAsync("reader");
        var opened = await (await reader.Http.GetAsync($"/api/notices/{id}")).ExpectAsync(200);   // opening marks it read
        Assert.NotNull(opened["me"]!["readAt"]);
        Assert.Null(opened["stats"]);
        var confirmer = await app.LogInAsync("confirmer");
        await (await confirmer.Http.PostAsync($"/api/notices/{id}/confirm", null)).ExpectAsync(200);
        var stranger = await app.LogInAsync("stranger");
        await (await stranger.Http.PostAsync($"/api/notices/{id}/read", null)).ExpectAsync(404);
        await (await stranger.Http.GetAsync($"/api/notices/{id}")).ExpectAsync(404);

        var stats = (await (await world.Organizer.Http.GetAsync($"/api/notices/{id}")).ExpectAsync(200))["stats"]!;
        Assert.Equal(3, stats["recipients"]!.GetValue<int>());
        Assert.Equal(2, stats["read"]!.GetValue<int>());
        Assert.Equal(1, stats["confirmed"]!.GetValue<int>());
        Assert.Equal(0, stats["failed"]!.GetValue<int>());
        Assert.Equal(3, stats["byChannel"]!["inbox"]!.GetValue<int>());
        var listed = await (await world.Organizer.Http.GetAsync($"/api/notices?organizationId={world.OrganizationId}")).ExpectAsync(200);
        Assert.Equal(stats.ToJsonString(), Assert.Single(listed["items"]!.AsArray())!["stats"]!.ToJsonString());   // the list shows them too

        var unread = await (await world.Organizer.Http.GetAsync($"/api/notices/{id}/unread")).ExpectAsync(200);
        Assert.Equal([DeliveryWorld.ParentLabel("silent")], unread["items"]!.AsArray().Select(i => i!.Str("label")));
        var unconfirmed = await (await world.Organizer.Http.GetAsync($"/api/notices/{id}/unconfirmed")).ExpectAsync(200);
        Assert.Equal([DeliveryWorld.ParentLabel("reader"), DeliveryWorld.ParentLabel("silent")],
            unconfirmed["items"]!.AsArray().Select(i => i!.Str("label")).Order(StringComparer.Ordinal));

        var inbox = await (await reader.Http.GetAsync("/api/me/messages?unreadOnly=true")).ExpectAsync(200);
        Assert.Equal(0, inbox["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_teacher_who_is_also_a_parent_of_the_audience_sees_the_stats_and_opening_the_notice_marks_it_read()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["teacher-mum"], Role.Parent, childInClass: "三(2)班");
        await world.SeedAsync(["teacher-mum"], Role.Teacher);
        await world.SeedAsync(["other-parent"], Role.Parent, childInClass: "三(2)班");
        var id = (await world.PublishAsync(new { kind = "class", className = "三(2)班" }, requiresConfirmation: true)).Str("id");
        await world.RunAsync();

        var teacher = await app.LogInAsync("teacher-mum");
        var opened = await (await teacher.Http.GetAsync($"/api/notices/{id}")).ExpectAsync(200);

        Assert.NotNull(opened["me"]!["readAt"]);
        Assert.Null(opened["me"]!["confirmedAt"]);
        Assert.Equal(1, opened["stats"]!["read"]!.GetValue<int>());   // her own reading counts
        Assert.Equal(2, opened["stats"]!["recipients"]!.GetValue<int>());
        Assert.Equal(0, (await (await teacher.Http.GetAsync("/api/me/messages?unreadOnly=true")).ExpectAsync(200))["total"]!.GetValue<int>());
        var unread = await (await teacher.Http.GetAsync($"/api/notices/{id}/unread")).ExpectAsync(200);
        Assert.Equal([DeliveryWorld.ParentLabel("other-parent", "三(2)班")], unread["items"]!.AsArray().Select(i => i!.Str("label")));

        // Staff who are not recipients see the stats and no "me".
        var organizerView = await (await world.Organizer.Http.GetAsync($"/api/notices/{id}")).ExpectAsync(200);
        Assert.Null(organizerView["me"]);
        Assert.Equal(1, organizerView["stats"]!["read"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_notice_without_confirmation_cannot_be_confirmed()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);
        var notice = await world.PublishAsync(new { kind = "parents" });
        var parent = await app.LogInAsync("p1");

        var problem = await (await parent.Http.PostAsync($"/api/notices/{notice.Str("id")}/confirm", null)).ExpectAsync(422);
        Assert.Equal("confirmation_not_required", problem.Str("code"));
    }

    [Fact]
    public async Task A_scheduled_notice_goes_out_only_when_due()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent, follower: true);
        await world.PublishAsync(new { kind = "parents" }, scheduledAt: app.Clock.GetUtcNow().AddHours(2));

        await world.RunAsync();
        Assert.Empty(app.Wechat.CallsTo(DeliveryWorld.TemplatePath));
        Assert.Equal(0, await InboxCountAsync(app, "p1"));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await world.RunAsync();
        Assert.Single(app.Wechat.CallsTo(DeliveryWorld.TemplatePath), c => c.ErrorCode == 0);
        Assert.Equal(1, await InboxCountAsync(app, "p1"));
    }

    [Fact]
    public async Task A_time_written_without_an_offset_is_china_time_and_one_with_an_offset_is_kept()
    {
        var (app, world) = await StartAsync();   // the clock: 2026-09-01 09:00 in China
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);

        async Task<JsonNode> ScheduleAsync(string at, string title) => await (await world.Organizer.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = world.OrganizationId, title, body = "今晚六点在学校操场集合。", audience = new { kind = "parents" }, scheduledAt = at,
        })).ExpectAsync(201);
        var evening = await ScheduleAsync("2026-09-01T18:00:00", "晚间集合");
        var utc = await ScheduleAsync("2026-09-01T18:00:00Z", "次日凌晨提醒");
        var shanghai = await ScheduleAsync("2026-09-01T18:00:00+08:00", "晚间集合（带时区）");

        Assert.Equal("2026-09-01T18:00:00+08:00", evening.Str("scheduledAt"));
        Assert.Equal("2026-09-02T02:00:00+08:00", utc.Str("scheduledAt"));
        Assert.Equal("2026-09-01T18:00:00+08:00", shanghai.Str("scheduledAt"));
        var unreadable = await (await world.Organizer.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = world.OrganizationId, title = "t", body = "b", audience = new { kind = "parents" }, scheduledAt = "明天晚上",
        })).ExpectAsync(400);
        Assert.Equal("请求内容无法解析：scheduledAt 的格式或取值不正确", unreadable["errors"]!["body"]![0]!.GetValue<string>());

        // The parent sees it at six in the evening, China time, not eight hours later.
        app.Clock.Advance(TimeSpan.FromHours(9));
        var inbox = await (await (await app.LogInAsync("p1")).Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal(["晚间集合", "晚间集合（带时区）"], inbox["items"]!.AsArray().Select(i => i!.Str("title")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_staff_of_the_organisation_may_publish()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["p1"], Role.Parent);
        var parent = await app.LogInAsync("p1");

        await (await parent.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = world.OrganizationId, title = "t", body = "b", audience = new { kind = "parents" },
        })).ExpectAsync(403);
    }
}
