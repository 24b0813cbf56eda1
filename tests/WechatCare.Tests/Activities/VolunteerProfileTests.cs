using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The volunteer profile in CONTRACT.md's shape (no birth date) is accepted and signs up; an age rule asks for the birth date.</summary>
public sealed class VolunteerProfileTests
{
    [Fact]
    public async Task A_profile_without_a_birth_date_signs_up_and_only_an_activity_with_a_minimum_age_asks_for_it()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var driver = await ActivityDriver.StartAsync(app);
        var plain = (await driver.PublishedActivityAsync("周末陪伴课堂")).Str("id");
        var ageLimited = (await (await driver.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = driver.OrgId, title = "山区家访", description = "", location = "大方县", startsAt = app.Clock.GetUtcNow().AddDays(3),
            endsAt = app.Clock.GetUtcNow().AddDays(3).AddHours(4), signUpClosesAt = app.Clock.GetUtcNow().AddDays(2), capacity = 5,
            minPriorActivities = 0, requiresApproval = false, minimumAge = 18, requiredSkills = Array.Empty<string>(), schedule = Array.Empty<object>(),
        })).ExpectAsync(201)).Str("id");
        await (await driver.Organizer.Http.PostAsync($"/api/activities/{ageLimited}/publish", null)).ExpectAsync(200);
        var volunteer = await app.LogInAsync("contract-shaped");
        await (await driver.Organizer.Http.PutJsonAsync($"/api/organizations/{driver.OrgId}/members/{volunteer.UserId}", new { role = "volunteer" })).ExpectAsync(200);
        object Profile(string? birthDate) => new { realName = "李晓雨", phone = "13812345678", kind = "social", skills = new[] { "teaching" }, birthDate };

        var saved = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(null))).ExpectAsync(200);
        Assert.Null(saved["birthDate"]);
        await ActivityDriver.SignUpAsync(volunteer, plain);

        var refused = await ActivityDriver.SignUpAsync(volunteer, ageLimited, expectedStatus: 422);
        Assert.Contains("出生日期", refused.Str("detail"));

        await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile("1996-05-04"))).ExpectAsync(200);
        // An older client saving the contract's shape again keeps the birth date given before.
        var again = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(null))).ExpectAsync(200);
        Assert.Equal("1996-05-04", again.Str("birthDate"));
        await ActivityDriver.SignUpAsync(volunteer, ageLimited);
    }
}
