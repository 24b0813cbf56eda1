using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>Student volunteers need 3 attended activities of the same association; the API explains the shortfall.</summary>
public sealed class PriorActivitiesRuleTests
{
    private static async Task<(CareApp App, ActivityDriver Driver)> StartAsync()
    {
        var app = new CareApp();
        await app.InitializeAsync();
        return (app, await ActivityDriver.StartAsync(app));
    }

    [Fact]
    public async Task Volunteer_with_two_attended_activities_is_told_one_more_is_needed_and_the_third_check_in_lets_them_in()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var volunteer = await d.VolunteerAsync("xiao-wang");
        await d.AttendOneAsync(volunteer);
        await d.AttendOneAsync(volunteer);
        var drill = await d.PublishedActivityAsync("防灾减灾日 应急演练", capacity: 8, minPriorActivities: 3);

        var problem = await ActivityDriver.SignUpAsync(volunteer, drill.Str("id"), 422);
        Assert.Equal("insufficient_prior_activities", problem.Str("code"));
        Assert.Equal(3, problem["required"]!.GetValue<int>());
        Assert.Equal(2, problem["actual"]!.GetValue<int>());
        Assert.Equal("需要至少参加过 3 次本协会的志愿服务活动，你目前参加了 2 次，还差 1 次", problem.Str("detail"));

        var eligibility = await (await volunteer.Http.GetAsync($"/api/activities/{drill.Str("id")}/eligibility")).ExpectAsync(200);
        Assert.False(eligibility["eligible"]!.GetValue<bool>());
        Assert.Equal(2, eligibility["attendedActivities"]!.GetValue<int>());

        await d.AttendOneAsync(volunteer);
        var signedUp = await ActivityDriver.SignUpAsync(volunteer, drill.Str("id"));
        Assert.Equal("confirmed", signedUp.Str("status"));
    }

    [Fact]
    public async Task No_shows_cancelled_sign_ups_and_other_organisations_do_not_count()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var volunteer = await d.VolunteerAsync("xiao-li");
        await d.AttendOneAsync(volunteer);

        // A no-show: signed up, never checked in, the activity ended and was completed.
        var missed = await d.PublishedActivityAsync("没去成的活动", startsIn: TimeSpan.FromMinutes(10), length: TimeSpan.FromMinutes(30));
        await ActivityDriver.SignUpAsync(volunteer, missed.Str("id"));
        // A cancelled sign-up.
        var dropped = await d.PublishedActivityAsync("取消了的活动", startsIn: TimeSpan.FromMinutes(50), length: TimeSpan.FromMinutes(30));
        await ActivityDriver.SignUpAsync(volunteer, dropped.Str("id"));
        await (await volunteer.Http.DeleteAsync($"/api/activities/{dropped.Str("id")}/signups/me")).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await (await d.Organizer.Http.PostAsync($"/api/activities/{missed.Str("id")}/complete", null)).ExpectAsync(200);

        // Another organisation's activity, attended.
        var admin = await app.LogInAsAdminAsync();
        var otherOrg = await ActivityDriver.CreateOrganizationAsync(admin, "另一个协会");
        var elsewhere = await d.PublishedActivityAsync("别的协会的活动", startsIn: TimeSpan.FromMinutes(10), length: TimeSpan.FromMinutes(30), organizer: admin, orgId: otherOrg);
        await ActivityDriver.SignUpAsync(volunteer, elsewhere.Str("id"));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await (await admin.Http.PostJsonAsync($"/api/activities/{elsewhere.Str("id")}/checkins", new { userId = volunteer.UserId })).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromMinutes(40));

        var drill = await d.PublishedActivityAsync("防灾减灾日", minPriorActivities: 3);
        var problem = await ActivityDriver.SignUpAsync(volunteer, drill.Str("id"), 422);
        Assert.Equal(1, problem["actual"]!.GetValue<int>());
        var signUps = await d.SignUpsAsync(missed.Str("id"));
        Assert.Equal("no-show", signUps["items"]![0]!.Str("status"));
    }

    [Fact]
    public async Task An_organizer_sees_how_many_volunteers_are_eligible_and_why_the_rest_are_not()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var veteran = await d.VolunteerAsync("lao-zhang");
        var newcomer = await d.VolunteerAsync("xiao-chen");
        await d.AttendOneAsync(veteran);
        await d.AttendOneAsync(veteran, newcomer);
        var drill = await d.PublishedActivityAsync("防灾减灾日", minPriorActivities: 2);

        var overview = await (await d.Organizer.Http.GetAsync($"/api/activities/{drill.Str("id")}/eligibility/volunteers")).ExpectAsync(200);
        Assert.Equal(2, overview["volunteers"]!.GetValue<int>());
        Assert.Equal(1, overview["eligible"]!.GetValue<int>());
        Assert.Equal(1, overview["unmetByCode"]!["insufficient_prior_activities"]!.GetValue<int>());
        var notYet = overview["items"]![0]!;
        Assert.Equal(newcomer.UserId.ToString(), notYet.Str("userId"));
        Assert.Equal(1, notYet["unmet"]![0]!["actual"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_minor_without_guardian_consent_is_refused_and_a_child_under_14_cannot_register()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var activity = await d.PublishedActivityAsync();
        var minor = await d.VolunteerAsync("xiao-hua", birthDate: "2010-05-01");   // 16 on 2026-09-01

        var problem = await ActivityDriver.SignUpAsync(minor, activity.Str("id"), 422);
        Assert.Equal("guardian_consent_required", problem.Str("code"));

        var withConsent = await d.VolunteerAsync("xiao-yu", birthDate: "2010-05-01", guardianConsent: new { by = "于妈妈", relation = "母亲" });
        Assert.Equal("confirmed", (await ActivityDriver.SignUpAsync(withConsent, activity.Str("id"))).Str("status"));

        var child = await app.LogInAsync("xiao-xiao");
        var tooYoung = await (await child.Http.PutJsonAsync("/api/me/volunteer", new
        {
            realName = "小小", phone = "13800000000", kind = "student", skills = Array.Empty<string>(), birthDate = "2013-01-01",
        })).ExpectAsync(422);
        Assert.Equal("volunteer_too_young", tooYoung.Str("code"));
    }

    [Fact]
    public async Task A_volunteer_kind_role_admits_only_that_kind_and_an_unlimited_role_never_waitlists()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var activity = await d.PublishedActivityAsync("防灾减灾日", roles: new object[]
        {
            new { name = "学生志愿者", volunteerKind = "student", capacity = 1, minPriorActivities = 0 },
            new { name = "社会人士", capacity = (int?)null },
        });
        var roles = activity["roles"]!.AsArray();
        var studentRole = roles.First(r => r!.Str("name") == "学生志愿者")!.Str("id");
        var openRole = roles.First(r => r!.Str("name") == "社会人士")!.Str("id");
        var social = await d.VolunteerAsync("shehui-1", kind: "social");

        var refused = await ActivityDriver.SignUpAsync(social, activity.Str("id"), 422, studentRole);
        Assert.Equal("volunteer_kind_mismatch", refused.Str("code"));
        await ActivityDriver.SignUpAsync(await d.VolunteerAsync("stu-1"), activity.Str("id"), 201, studentRole);
        for (var i = 0; i < 5; i++)
            Assert.Equal("confirmed", (await ActivityDriver.SignUpAsync(await d.VolunteerAsync($"open-{i}", kind: "social"), activity.Str("id"), 201, openRole)).Str("status"));

        var read = await (await social.Http.GetAsync($"/api/activities/{activity.Str("id")}")).ExpectAsync(200);
        Assert.Equal(6, read["seatsTaken"]!.GetValue<int>());
        Assert.Null(read["capacity"]);
    }

    [Fact]
    public async Task Overlapping_activities_are_refused_but_back_to_back_is_fine_and_a_double_sign_up_is_409()
    {
        var (app, d) = await StartAsync();
        await using var _ = app;
        var volunteer = await d.VolunteerAsync("xiao-ma");
        var morning = await d.PublishedActivityAsync("上午", startsIn: TimeSpan.FromDays(1), length: TimeSpan.FromHours(3));
        var overlapping = await d.PublishedActivityAsync("重叠", startsIn: TimeSpan.FromDays(1) + TimeSpan.FromHours(2), length: TimeSpan.FromHours(3));
        var afternoon = await d.PublishedActivityAsync("下午", startsIn: TimeSpan.FromDays(1) + TimeSpan.FromHours(3), length: TimeSpan.FromHours(3));

        await ActivityDriver.SignUpAsync(volunteer, morning.Str("id"));
        Assert.Equal("already_signed_up", (await ActivityDriver.SignUpAsync(volunteer, morning.Str("id"), 409)).Str("code"));
        Assert.Equal("overlapping_activity", (await ActivityDriver.SignUpAsync(volunteer, overlapping.Str("id"), 422)).Str("code"));
        await ActivityDriver.SignUpAsync(volunteer, afternoon.Str("id"));
    }
}
