using System.Net.Http.Json;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

/// <summary>What CONTRACT.md promises of the caller: roles at login, and in GET /api/me the roles per organisation and the volunteer profile.</summary>
public sealed class MeTests
{
    [Fact]
    public async Task Login_names_the_callers_roles_and_me_shows_the_volunteer_profile_without_the_phone()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        var org = (await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "阳光志愿者协会", kind = "association", region = "贵州" })).ExpectAsync(201)).Str("id");
        var person = await app.LogInAsync("two-roles");
        foreach (var role in new[] { "volunteer", "organizer" })
            await (await admin.Http.PutJsonAsync($"/api/organizations/{org}/members/{person.UserId}", new { role })).ExpectAsync(200);
        await (await person.Http.PutJsonAsync("/api/me/volunteer", new { realName = "周晓雨", phone = "13912345678", kind = "student", school = "毕节学院", skills = new[] { "teaching" } })).ExpectAsync(200);

        var login = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = $"two-roles#{Guid.NewGuid():N}" })).ExpectAsync(200);
        Assert.Equal(["organizer", "volunteer"], login["user"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order().ToArray());

        var me = await (await person.Http.GetAsync("/api/me")).ExpectAsync(200);
        Assert.Equal("周晓雨", me["volunteer"]!.Str("realName"));
        Assert.Equal("student", me["volunteer"]!.Str("kind"));
        Assert.DoesNotContain("13912345678", me.ToJsonString());
        Assert.Null((await (await admin.Http.GetAsync("/api/me")).ExpectAsync(200))["volunteer"]);
    }
}
