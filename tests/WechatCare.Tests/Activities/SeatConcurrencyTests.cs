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
}
