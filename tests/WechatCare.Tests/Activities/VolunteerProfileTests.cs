using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The volunteer profile in CONTRACT.md's shape (no birth date) is accepted; signing up then asks for the birth date.</summary>
public sealed class VolunteerProfileTests
{
    [Fact]
    public async Task A_profile_without_a_birth_date_is_saved_and_signing_up_asks_for_it_once()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var driver = await ActivityDriver.StartAsync(app);
        var activity = (await driver.PublishedActivityAsync("周末陪伴课堂")).Str("id");
        var volunteer = await app.LogInAsync("contract-shaped");
        await (await driver.Organizer.Http.PutJsonAsync($"/api/organizations/{driver.OrgId}/members/{volunteer.UserId}", new { role = "volunteer" })).ExpectAsync(200);
        object Profile(string? birthDate) => new { realName = "李晓雨", phone = "13812345678", kind = "social", skills = new[] { "teaching" }, birthDate };

        var saved = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(null))).ExpectAsync(200);
        Assert.Null(saved["birthDate"]);

        var refused = await ActivityDriver.SignUpAsync(volunteer, activity, expectedStatus: 422);
        Assert.Contains("出生日期", refused.Str("detail"));

        await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile("1996-05-04"))).ExpectAsync(200);
        // An older client saving the contract's shape again keeps the birth date given before.
        var again = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(null))).ExpectAsync(200);
        Assert.Equal("1996-05-04", again.Str("birthDate"));
        await ActivityDriver.SignUpAsync(volunteer, activity);
    }
}
