using System.Text.Json;
using System.Text.Json.Nodes;
using WechatCare.Domain.Activities;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>QR check-in with a signed scene, check-out, hours as volunteer platforms round them, and the service record.</summary>
public sealed class CheckInAndHoursTests
{
    [Theory]
    [InlineData(60, 2)]        // 1 h
    [InlineData(74, 2)]        // 1 h 14 min: under 15 → 0
    [InlineData(75, 3)]        // 1 h 15 min → +0.5 h
    [InlineData(105, 3)]       // 1 h 45 min → +0.5 h
    [InlineData(106, 4)]       // 1 h 46 min: over 45 → +1 h
    [InlineData(10, 0)]
    [InlineData(500, 6)]       // capped by the 3 h activity
    public void Service_time_is_rounded_by_the_last_part_of_the_hour(int minutes, int expectedHalfHours) =>
        Assert.Equal(expectedHalfHours, ServiceHours.HalfHoursFor(TimeSpan.FromMinutes(minutes), TimeSpan.FromHours(3)));

    private static async Task<string> SceneAsync(CareApp app, ActivityDriver d, string activityId)
    {
        var png = await d.Organizer.Http.GetAsync($"/api/activities/{activityId}/qrcode");
        Assert.Equal(200, (int)png.StatusCode);
        Assert.StartsWith("image/", png.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(await png.Content.ReadAsByteArrayAsync());
        var call = app.Wechat.CallsTo("wxa/getwxacodeunlimit").Last();
        return JsonNode.Parse(call.Body)!["scene"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_volunteer_checks_in_with_the_activity_QR_code_twice_harmlessly_and_gets_rounded_hours()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("包饺子", startsIn: TimeSpan.FromHours(2), length: TimeSpan.FromHours(3));
        var id = activity.Str("id");
        var volunteer = await d.VolunteerAsync("jiaozi");
        await ActivityDriver.SignUpAsync(volunteer, id);
        var scene = await SceneAsync(app, d, id);
        Assert.True(scene.Length <= 32);

        app.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(5));
        var first = await (await volunteer.Http.PostJsonAsync($"/api/activities/{id}/checkins", new { scene })).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await (await volunteer.Http.PostJsonAsync("/api/checkins", new { scene })).ExpectAsync(200);
        Assert.Equal(first.Str("checkedInAt"), again.Str("checkedInAt"));

        app.Clock.Advance(TimeSpan.FromMinutes(75));   // 1 h 25 min after check-in
        var done = await (await volunteer.Http.PostJsonAsync($"/api/activities/{id}/checkouts", new { scene })).ExpectAsync(200);
        Assert.Equal(1.5m, done["hours"]!.GetValue<decimal>());

        app.Clock.Advance(TimeSpan.FromHours(3));
        volunteer = await app.LogInAsync("jiaozi");
        var record = await (await volunteer.Http.GetAsync("/api/me/service-record")).ExpectAsync(200);
        Assert.Equal(1, record["activitiesAttended"]!.GetValue<int>());
        Assert.Equal(1.5m, record["hours"]!.GetValue<decimal>());
        Assert.Equal("包饺子", record["organizations"]![0]!["items"]![0]!.Str("title"));
    }

    [Fact]
    public async Task A_forged_scene_a_scene_of_another_activity_and_a_scene_out_of_time_are_refused()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("读书会", startsIn: TimeSpan.FromHours(3), length: TimeSpan.FromHours(2));
        var other = await d.PublishedActivityAsync("另一场", startsIn: TimeSpan.FromHours(3), length: TimeSpan.FromHours(2));
        var volunteer = await d.VolunteerAsync("reader");
        await ActivityDriver.SignUpAsync(volunteer, activity.Str("id"));
        var scene = await SceneAsync(app, d, activity.Str("id"));
        var otherScene = await SceneAsync(app, d, other.Str("id"));

        // Too early: more than an hour before the start.
        var early = await (await volunteer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/checkins", new { scene })).ExpectAsync(422);
        Assert.Equal("checkin_code_out_of_time", early.Str("code"));

        app.Clock.Advance(TimeSpan.FromHours(3));
        var forged = scene[..^1] + (scene[^1] == 'A' ? 'B' : 'A');
        Assert.Equal("invalid_checkin_code", (await (await volunteer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/checkins", new { scene = forged })).ExpectAsync(422)).Str("code"));
        Assert.Equal("invalid_checkin_code", (await (await volunteer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/checkins", new { scene = otherScene })).ExpectAsync(422)).Str("code"));
        // The other activity's code is genuine, but this volunteer has no confirmed place there.
        Assert.Equal("not_confirmed", (await (await volunteer.Http.PostJsonAsync("/api/checkins", new { scene = otherScene })).ExpectAsync(422)).Str("code"));

        app.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));   // past end + 1 h
        Assert.Equal("checkin_code_out_of_time", (await (await volunteer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/checkins", new { scene })).ExpectAsync(422)).Str("code"));
    }

    [Fact]
    public async Task Completing_marks_no_shows_and_closes_a_forgotten_check_out_at_the_end_with_a_flag()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("义务家教", startsIn: TimeSpan.FromHours(1), length: TimeSpan.FromHours(2));
        var id = activity.Str("id");
        var present = await d.VolunteerAsync("present");
        var absent = await d.VolunteerAsync("absent");
        var waiting = await d.VolunteerAsync("waiting");
        await ActivityDriver.SignUpAsync(present, id);
        await ActivityDriver.SignUpAsync(absent, id);
        Assert.Equal("not_confirmed", (await (await d.Organizer.Http.PostJsonAsync($"/api/activities/{id}/checkins", new { userId = waiting.UserId })).ExpectAsync(422)).Str("code"));

        app.Clock.Advance(TimeSpan.FromMinutes(70));
        await d.CheckInAsync(id, present);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/complete", null)).ExpectAsync(200);

        var items = (await d.SignUpsAsync(id))["items"]!.AsArray();
        var p = items.Single(i => i!.Str("userId") == present.UserId.ToString())!;
        Assert.True(p["checkOutMissing"]!.GetValue<bool>());
        Assert.Equal(2m, p["hours"]!.GetValue<decimal>());   // 1 h 50 min: the last 50 minutes count as a full hour
        Assert.Equal("no-show", items.Single(i => i!.Str("userId") == absent.UserId.ToString())!.Str("status"));
    }

    [Fact]
    public async Task A_volunteer_who_scanned_in_early_and_then_cancelled_counts_for_nothing()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("周末陪伴课堂", startsIn: TimeSpan.FromHours(2), length: TimeSpan.FromHours(2));
        var id = activity.Str("id");
        var volunteer = await d.VolunteerAsync("early-bird");
        await ActivityDriver.SignUpAsync(volunteer, id);
        var scene = await SceneAsync(app, d, id);

        app.Clock.Advance(TimeSpan.FromMinutes(90));   // half an hour before the start: the code is already accepted
        await (await volunteer.Http.PostJsonAsync($"/api/activities/{id}/checkins", new { scene })).ExpectAsync(200);
        await (await volunteer.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        Assert.Equal("not_confirmed", (await (await volunteer.Http.PostJsonAsync($"/api/activities/{id}/checkins", new { scene })).ExpectAsync(422)).Str("code"));

        app.Clock.Advance(TimeSpan.FromHours(3));   // the activity has ended
        var record = await (await volunteer.Http.GetAsync("/api/me/service-record")).ExpectAsync(200);
        Assert.Equal(0, record["activitiesAttended"]!.GetValue<int>());
        Assert.Equal(0m, record["hours"]!.GetValue<decimal>());
        var next = await d.PublishedActivityAsync("进阶陪伴课堂", minPriorActivities: 1);
        var eligibility = await (await volunteer.Http.GetAsync($"/api/activities/{next.Str("id")}/eligibility")).ExpectAsync(200);
        Assert.Equal(0, eligibility["attendedActivities"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_organizer_corrects_a_wrongly_marked_no_show_after_completion_and_it_counts()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("义务家教", startsIn: TimeSpan.FromHours(1), length: TimeSpan.FromHours(2));
        var id = activity.Str("id");
        var forgetful = await d.VolunteerAsync("forgot-to-scan");
        await ActivityDriver.SignUpAsync(forgetful, id);
        app.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(10));
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/complete", null)).ExpectAsync(200);
        Assert.Equal("no-show", (await d.SignUpsAsync(id))["items"]![0]!.Str("status"));

        // The paper sign-in sheet shows them: the organizer records the check-in afterwards.
        var corrected = await (await d.Organizer.Http.PostJsonAsync($"/api/activities/{id}/checkins", new { userId = forgetful.UserId })).ExpectAsync(200);
        Assert.Equal("confirmed", corrected.Str("status"));
        Assert.Equal(2m, corrected["hours"]!.GetValue<decimal>());

        var record = await (await forgetful.Http.GetAsync("/api/me/service-record")).ExpectAsync(200);
        Assert.Equal(1, record["activitiesAttended"]!.GetValue<int>());
        Assert.Equal(2m, record["hours"]!.GetValue<decimal>());
    }
}
