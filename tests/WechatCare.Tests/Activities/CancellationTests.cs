using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The cancellation deadline binds a confirmed seat only, and never reaches past the start.</summary>
public sealed class CancellationTests
{
    private static string StatusOf(System.Text.Json.Nodes.JsonNode list, UserClient user) =>
        list["items"]!.AsArray().Single(i => i!.Str("userId") == user.UserId.ToString())!.Str("status");

    [Fact]
    public async Task A_cancellation_deadline_after_the_start_is_refused()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(2);

        var problem = await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "周末陪伴课堂", description = "", location = "七星关区希望小学", startsAt, endsAt = startsAt.AddHours(3),
            capacity = 10, cancellationDeadline = startsAt.AddHours(1),
        })).ExpectAsync(400);
        Assert.NotNull(problem["errors"]!["cancellationDeadline"]);
    }

    [Fact]
    public async Task After_the_deadline_waitlisted_and_offered_volunteers_may_still_leave_but_a_confirmed_one_may_not()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(3);
        var created = await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "周末陪伴课堂", description = "", location = "七星关区希望小学", startsAt, endsAt = startsAt.AddHours(3),
            capacity = 2, cancellationDeadline = startsAt.AddDays(-1),
        })).ExpectAsync(201);
        var id = created.Str("id");
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        var (confirmed, leaving, offered, next, waiting) = (await d.VolunteerAsync("confirmed"), await d.VolunteerAsync("leaving"),
            await d.VolunteerAsync("offered"), await d.VolunteerAsync("next"), await d.VolunteerAsync("waiting"));
        foreach (var v in new[] { confirmed, leaving, offered, next, waiting }) await ActivityDriver.SignUpAsync(v, id);

        app.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(1));
        leaving = await app.LogInAsync(leaving.Name);   // tokens last 12 h
        await (await leaving.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);   // just in time
        app.Clock.Advance(TimeSpan.FromHours(2));   // past the deadline; the offer is still open
        await d.RefreshOrganizerAsync();
        Assert.Equal("offered", StatusOf(await d.SignUpsAsync(id), offered));
        (confirmed, offered, waiting) = (await app.LogInAsync(confirmed.Name), await app.LogInAsync(offered.Name), await app.LogInAsync(waiting.Name));

        await (await offered.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        await (await waiting.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        var problem = await (await confirmed.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(422);
        Assert.Equal("cancellation_closed", problem.Str("code"));

        var list = await d.SignUpsAsync(id);
        Assert.Equal("cancelled", StatusOf(list, offered));
        Assert.Equal("offered", StatusOf(list, next));   // the declined seat passed on
        Assert.Equal("cancelled", StatusOf(list, waiting));
        Assert.Equal("confirmed", StatusOf(list, confirmed));
    }
}
