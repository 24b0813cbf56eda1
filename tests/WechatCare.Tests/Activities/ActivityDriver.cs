using System.Text.Json.Nodes;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>An association with an organizer, and helpers to create activities and volunteers with a history.</summary>
public sealed class ActivityDriver
{
    private ActivityDriver(CareApp app, UserClient organizer, string orgId)
    {
        App = app;
        Organizer = organizer;
        OrgId = orgId;
    }

    public CareApp App { get; }
    public UserClient Organizer { get; private set; }
    public string OrgId { get; }
    public DateTimeOffset Now => App.Clock.GetUtcNow();

    /// <summary>Tokens last 12 h: after moving the clock far, log the organizer in again.</summary>
    public async Task RefreshOrganizerAsync() => Organizer = await App.LogInAsync(Organizer.Name);

    public static async Task<ActivityDriver> StartAsync(CareApp app, string organizationName = "毕节市阳光志愿者协会")
    {
        var admin = await app.LogInAsAdminAsync();
        var orgId = await CreateOrganizationAsync(admin, organizationName);
        var organizer = await app.LogInAsync($"organizer-{Guid.NewGuid():N}");
        await (await admin.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{organizer.UserId}", new { role = "organizer" })).ExpectAsync(200);
        return new ActivityDriver(app, organizer, orgId);
    }

    public static async Task<string> CreateOrganizationAsync(UserClient admin, string name) =>
        (await (await admin.Http.PostJsonAsync("/api/organizations", new { name, kind = "association", region = "贵州省毕节市" })).ExpectAsync(201)).Str("id");

    /// <summary>A volunteer with a complete profile (an adult student unless told otherwise), member of the association.</summary>
    public async Task<UserClient> VolunteerAsync(string name, string kind = "student", string birthDate = "2004-03-15", object? guardianConsent = null)
    {
        var volunteer = await App.LogInAsync(name);
        await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", new
        {
            realName = "志愿者" + name[^Math.Min(3, name.Length)..], phone = "138" + Random.Shared.Next(10_000_000, 99_999_999), kind,
            school = kind == "student" ? "毕节学院" : null, skills = new[] { "teaching", "first-aid" }, birthDate, guardianConsent,
        })).ExpectAsync(200);
        await (await Organizer.Http.PutJsonAsync($"/api/organizations/{OrgId}/members/{volunteer.UserId}", new { role = "volunteer" })).ExpectAsync(200);
        return volunteer;
    }

    /// <summary>Creates and publishes an activity starting <paramref name="startsIn"/> from now, lasting <paramref name="length"/>.</summary>
    public async Task<JsonNode> PublishedActivityAsync(string title = "周末陪伴课堂", int? capacity = 10, int minPriorActivities = 0,
        TimeSpan? startsIn = null, TimeSpan? length = null, object? roles = null, UserClient? organizer = null, string? orgId = null)
    {
        var startsAt = Now + (startsIn ?? TimeSpan.FromDays(2));
        var endsAt = startsAt + (length ?? TimeSpan.FromHours(3));
        var created = await (await (organizer ?? Organizer).Http.PostJsonAsync("/api/activities", new
        {
            organizationId = orgId ?? OrgId, title, description = "和孩子们一起读书、做游戏", location = "七星关区希望小学",
            startsAt, endsAt, signUpClosesAt = startsAt, capacity, minPriorActivities, roles,
        })).ExpectAsync(201);
        return await (await (organizer ?? Organizer).Http.PostAsync($"/api/activities/{created.Str("id")}/publish", null)).ExpectAsync(200);
    }

    public static async Task<JsonNode> SignUpAsync(UserClient volunteer, string activityId, int expectedStatus = 201, string? roleId = null) =>
        await (await volunteer.Http.PostJsonAsync($"/api/activities/{activityId}/signups", new { roleId })).ExpectAsync(expectedStatus);

    public async Task CheckInAsync(string activityId, UserClient volunteer) =>
        await (await Organizer.Http.PostJsonAsync($"/api/activities/{activityId}/checkins", new { userId = volunteer.UserId })).ExpectAsync(200);

    /// <summary>
    /// Runs one short activity (30 minutes, starting in 10) that every given volunteer attends, then moves the clock past
    /// its end.
    /// </summary>
    public async Task AttendOneAsync(params UserClient[] volunteers)
    {
        var activity = await PublishedActivityAsync("历史活动", capacity: null, startsIn: TimeSpan.FromMinutes(10), length: TimeSpan.FromMinutes(30));
        var id = activity.Str("id");
        foreach (var v in volunteers) await SignUpAsync(v, id);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        foreach (var v in volunteers) await CheckInAsync(id, v);
        App.Clock.Advance(TimeSpan.FromMinutes(31));
    }

    public async Task<JsonNode> SignUpsAsync(string activityId) =>
        await (await Organizer.Http.GetAsync($"/api/activities/{activityId}/signups")).ExpectAsync(200);
}
