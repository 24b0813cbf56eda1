using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Pairing;
using WechatCare.Domain.Data;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Pairing;

/// <summary>An organisation with an organizer, a teacher, three volunteers and three children; nobody paired yet.</summary>
public sealed class PairingWorld
{
    public required CareApp App { get; init; }
    public required string Org { get; init; }
    public required UserClient Organizer { get; init; }
    public required UserClient Teacher { get; init; }
    public required UserClient Volunteer1 { get; init; }
    public required UserClient Volunteer2 { get; init; }
    public required UserClient Volunteer3 { get; init; }
    public required string Child1 { get; init; }
    public required string Child2 { get; init; }
    public required string Child3 { get; init; }

    /// <summary>A fresh app with the bot's loop off (tests run the cadence job themselves, with the fake clock) and the world in it.</summary>
    public static async Task<(CareApp App, PairingWorld World)> StartAsync(Engine engine = Engine.Sqlite)
    {
        var app = new CareApp { Engine = engine, Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        return (app, await CreateAsync(app));
    }

    public static async Task<PairingWorld> CreateAsync(CareApp app)
    {
        var admin = await app.LogInAsAdminAsync();
        var org = await ChildrenWorld.CreateOrgAsync(admin, "测试爱心协会", "association");
        var organizer = await app.LogInAsync("pairing-organizer");
        var teacher = await app.LogInAsync("pairing-teacher");
        await ChildrenWorld.GrantAsync(admin, org, organizer, "organizer");
        await ChildrenWorld.GrantAsync(admin, org, teacher, "teacher");
        // The children below are created with health notes, which only staff holding the health grant may write.
        await (await organizer.Http.PutAsync($"/api/organizations/{org}/health-note-readers/{teacher.UserId}", null)).ExpectAsync(200);
        var volunteers = new List<UserClient>();
        foreach (var name in new[] { "volunteer-1", "volunteer-2", "volunteer-3" })
        {
            var v = await app.LogInAsync(name);
            await ChildrenWorld.GrantAsync(admin, org, v, "volunteer");
            volunteers.Add(v);
        }
        async Task<string> ChildAsync(string name, string phone) =>
            (await (await teacher.Http.PostJsonAsync("/api/children", ChildrenWorld.NewChild(org, name, phone))).ExpectAsync(201)).Str("id");
        return new PairingWorld
        {
            App = app, Org = org, Organizer = organizer, Teacher = teacher, Volunteer1 = volunteers[0], Volunteer2 = volunteers[1], Volunteer3 = volunteers[2],
            Child1 = await ChildAsync("测试童小禾", "13800000001"), Child2 = await ChildAsync("测试童小苗", "13800000002"),
            Child3 = await ChildAsync("测试童小树", "13800000003"),
        };
    }

    public async Task<string> PairAsync(UserClient[] mentors, string[] children, params object[] cadence) =>
        (await (await (await Fresh(Organizer)).Http.PostJsonAsync("/api/pairings", new
        {
            organizationId = Org, mentorIds = mentors.Select(m => m.UserId).ToArray(), childIds = children, cadence,
        })).ExpectAsync(201)).Str("id");

    /// <summary>A new login for the same person: tokens last 12 hours of the fake clock, and tests move it by days.</summary>
    public Task<UserClient> Fresh(UserClient user) => App.LogInAsync(user.Name);

    public async Task LogAsync(UserClient mentor, string pairingId, string childId, string kind, string at, string outcome = "reached", string? notes = null) =>
        await (await (await Fresh(mentor)).Http.PostJsonAsync($"/api/pairings/{pairingId}/contacts", new { childId, kind, at, outcome, notes, durationMinutes = 20 })).ExpectAsync(201);

    public async Task RunCadenceJobAsync()
    {
        using var scope = App.Services.CreateScope();
        await new CadenceJob().RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    public List<(Guid Recipient, string Purpose, string Body)> Outbox(string purpose)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        return db.Outbox.AsNoTracking().Where(m => m.Purpose == purpose).OrderBy(m => m.CreatedAtUtc)
            .Select(m => new { m.RecipientUserId, m.Purpose, m.Body }).AsEnumerable().Select(m => (m.RecipientUserId, m.Purpose, m.Body)).ToList();
    }

    public void SetClock(string chinaTime) => App.Clock.SetUtcNow(DateTimeOffset.Parse(chinaTime + "+08:00"));
}
