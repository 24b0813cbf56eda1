using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>Seats are never oversold and the waitlist keeps arrival order, whatever the concurrency, on both engines.</summary>
public sealed class SeatConcurrencyTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    [Theory, MemberData(nameof(Engines))]
    public async Task Two_hundred_volunteers_at_once_for_thirty_seats_gives_thirty_confirmed_and_a_waitlist_of_170(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("周末陪伴课堂", capacity: 30);
        var id = activity.Str("id");
        var volunteers = new List<UserClient>();
        for (var i = 0; i < 200; i++) volunteers.Add(await d.VolunteerAsync($"crowd-{i:000}"));

        using var start = new SemaphoreSlim(0);
        var attempts = volunteers.Select(async v =>
        {
            await start.WaitAsync();
            return await v.Http.PostJsonAsync($"/api/activities/{id}/signups", new { });
        }).ToList();
        start.Release(volunteers.Count);
        var responses = await Task.WhenAll(attempts);

        var answers = new List<(string Status, int? Position)>();
        foreach (var response in responses)
        {
            var body = await response.ExpectAsync(201);
            answers.Add((body.Str("status"), body["position"]?.GetValue<int>()));
        }
        Assert.Equal(30, answers.Count(a => a.Status == "confirmed"));
        Assert.Equal(170, answers.Count(a => a.Status == "waitlisted"));
        Assert.Equal(Enumerable.Range(1, 170), answers.Where(a => a.Status == "waitlisted").Select(a => a.Position!.Value).Order());

        var read = await (await d.Organizer.Http.GetAsync($"/api/activities/{id}")).ExpectAsync(200);
        Assert.Equal(30, read["seatsTaken"]!.GetValue<int>());
        Assert.Equal(170, read["waitlistLength"]!.GetValue<int>());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var activityId = Guid.Parse(id);
        var rows = await db.SignUps.Where(s => s.ActivityId == activityId).ToListAsync();
        Assert.Equal(200, rows.Select(s => s.VolunteerId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 170), rows.Where(s => s.WaitlistNumber != null).Select(s => s.WaitlistNumber!.Value).Order());
        Assert.Equal(30, await db.Outbox.CountAsync(m => m.Purpose == ActivityMessages.Confirmed));
        Assert.Equal(170, await db.Outbox.CountAsync(m => m.Purpose == ActivityMessages.Waitlisted));
    }

    [Fact]
    public async Task A_double_tap_with_the_same_idempotency_key_is_one_sign_up()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 5);
        var volunteer = await d.VolunteerAsync("double-tap");

        HttpRequestMessage Tap()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/activities/{activity.Str("id")}/signups") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", "tap-1");
            return request;
        }
        var first = await (await volunteer.Http.SendAsync(Tap())).ExpectAsync(201);
        var second = await (await volunteer.Http.SendAsync(Tap())).ExpectAsync(201);
        Assert.Equal(first.Str("id"), second.Str("id"));
        var read = await (await volunteer.Http.GetAsync($"/api/activities/{activity.Str("id")}")).ExpectAsync(200);
        Assert.Equal(1, read["seatsTaken"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ten_taps_at_once_without_an_idempotency_key_are_one_sign_up_and_nine_already_signed_up()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 5);
        var volunteer = await d.VolunteerAsync("nervous-thumb");

        using var start = new SemaphoreSlim(0);
        var taps = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await volunteer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/signups", new { });
        }).ToList();
        start.Release(10);
        var statuses = (await Task.WhenAll(taps)).Select(r => (int)r.StatusCode).ToList();

        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(9, statuses.Count(s => s == 409));
        var read = await (await volunteer.Http.GetAsync($"/api/activities/{activity.Str("id")}")).ExpectAsync(200);
        Assert.Equal(1, read["seatsTaken"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Sixty_volunteers_at_once_for_two_roles_of_ten_seats_give_each_role_ten_confirmed_and_its_own_waitlist(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync("防灾减灾日", roles: new object[]
        {
            new { name = "学生志愿者", capacity = 10 },
            new { name = "社会人士", capacity = 10 },
        });
        var id = activity.Str("id");
        var roleIds = activity["roles"]!.AsArray().Select(r => r!.Str("id")).ToList();
        var volunteers = new List<UserClient>();
        for (var i = 0; i < 60; i++) volunteers.Add(await d.VolunteerAsync($"two-roles-{i:00}"));

        using var start = new SemaphoreSlim(0);
        var attempts = volunteers.Select(async (v, i) =>
        {
            await start.WaitAsync();
            var roleId = roleIds[i % 2];
            var response = await v.Http.PostJsonAsync($"/api/activities/{id}/signups", new { roleId });
            var body = await response.ExpectAsync(201);
            return (RoleId: roleId, Status: body.Str("status"), Position: body["position"]?.GetValue<int>());
        }).ToList();
        start.Release(volunteers.Count);
        var answers = await Task.WhenAll(attempts);

        foreach (var roleId in roleIds)
        {
            var mine = answers.Where(a => a.RoleId == roleId).ToList();
            Assert.Equal(10, mine.Count(a => a.Status == "confirmed"));
            Assert.Equal(Enumerable.Range(1, 20), mine.Where(a => a.Status == "waitlisted").Select(a => a.Position!.Value).Order());
        }
        var read = await (await d.Organizer.Http.GetAsync($"/api/activities/{id}")).ExpectAsync(200);
        Assert.All(read["roles"]!.AsArray(), r => Assert.Equal((10, 20), (r!["seatsTaken"]!.GetValue<int>(), r["waitlistLength"]!.GetValue<int>())));
    }

    private static string StatusOf(System.Text.Json.Nodes.JsonNode list, UserClient user) =>
        list["items"]!.AsArray().Single(i => i!.Str("userId") == user.UserId.ToString())!.Str("status");

    [Theory, MemberData(nameof(Engines))]
    public async Task A_claim_racing_the_offer_expiry_job_is_refused_and_the_seat_keeps_one_holder(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var id = (await d.PublishedActivityAsync(capacity: 1, startsIn: TimeSpan.FromDays(3))).Str("id");
        var seated = await d.VolunteerAsync("seated");
        var slow = await d.VolunteerAsync("slow");
        var next = await d.VolunteerAsync("next");
        foreach (var v in new[] { seated, slow, next }) await ActivityDriver.SignUpAsync(v, id);
        await (await seated.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);   // the seat is offered to slow

        // slow claims as the window closes: the expiry job passes the seat on between the claim's read and its write.
        using var race = new Interleaving(app);
        race.AfterNextSignUpRead(async () =>
        {
            app.Clock.Advance(new ActivityOptions().OfferClaimWindow);
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpireOffersCommand());
        });
        var claim = await race.ClientFor(slow).PostAsync($"/api/activities/{id}/signups/me/claim", null);
        Assert.True(race.Happened);
        Assert.Equal("no_open_offer", (await claim.ExpectAsync(409)).Str("code"));

        await d.RefreshOrganizerAsync();
        var list = await d.SignUpsAsync(id);
        Assert.Equal("offer-expired", StatusOf(list, slow));
        Assert.Equal("offered", StatusOf(list, next));
        Assert.Equal(1, (await (await d.Organizer.Http.GetAsync($"/api/activities/{id}")).ExpectAsync(200))["seatsTaken"]!.GetValue<int>());
    }

    /// <summary>MariaDB only: SQLite runs one write transaction at a time, so there the two cannot overlap.</summary>
    [Fact]
    public async Task A_cancel_racing_the_rejection_of_the_same_sign_up_gives_its_seat_back_once()
    {
        await using var app = new CareApp { Engine = Engine.MariaDb };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(2);
        var id = (await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "心理陪伴", description = "", location = "阳光小屋", startsAt, endsAt = startsAt.AddHours(2),
            capacity = 2, requiresApproval = true,
        })).ExpectAsync(201)).Str("id");
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        var applicant = await d.VolunteerAsync("applicant");
        await ActivityDriver.SignUpAsync(applicant, id);
        await ActivityDriver.SignUpAsync(await d.VolunteerAsync("other-applicant"), id);

        using var race = new Interleaving(app);
        race.AfterNextSignUpRead(async () =>
            await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/signups/{applicant.UserId}/reject", null)).ExpectAsync(200));
        var cancel = await race.ClientFor(applicant).DeleteAsync($"/api/activities/{id}/signups/me");
        Assert.True(race.Happened);
        Assert.Equal(409, (int)cancel.StatusCode);

        Assert.Equal("rejected", StatusOf(await d.SignUpsAsync(id), applicant));
        // One seat was freed, not two: the other applicant still holds theirs.
        Assert.Equal(1, (await (await d.Organizer.Http.GetAsync($"/api/activities/{id}")).ExpectAsync(200))["seatsTaken"]!.GetValue<int>());
    }

    /// <summary>MariaDB only, as above.</summary>
    [Fact]
    public async Task A_volunteer_who_leaves_the_waitlist_as_a_seat_is_freed_is_not_offered_it()
    {
        await using var app = new CareApp { Engine = Engine.MariaDb };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var id = (await d.PublishedActivityAsync(capacity: 1)).Str("id");
        var (seated, leaving, next) = (await d.VolunteerAsync("seated"), await d.VolunteerAsync("leaving"), await d.VolunteerAsync("next"));
        foreach (var v in new[] { seated, leaving, next }) await ActivityDriver.SignUpAsync(v, id);

        // The first in line leaves while the seat is being freed: after the cancellation's first read, before it offers the seat.
        using var race = new Interleaving(app);
        race.AfterNextSignUpRead(async () => await (await leaving.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200));
        await (await race.ClientFor(seated).DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        Assert.True(race.Happened);

        var list = await d.SignUpsAsync(id);
        Assert.Equal("cancelled", StatusOf(list, leaving));
        Assert.Equal("offered", StatusOf(list, next));
        Assert.Equal(1, (await (await d.Organizer.Http.GetAsync($"/api/activities/{id}")).ExpectAsync(200))["seatsTaken"]!.GetValue<int>());
    }
}
