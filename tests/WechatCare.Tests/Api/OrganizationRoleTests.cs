using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

public sealed class OrganizationRoleTests(CareApp app) : IClassFixture<CareApp>
{
    private async Task<string> CreateOrganizationAsync(UserClient admin, string name) =>
        (await (await admin.Http.PostJsonAsync("/api/organizations", new { name, kind = "association", region = "贵州省毕节市" })).ExpectAsync(201)).Str("id");

    [Fact]
    public async Task Only_a_platform_admin_creates_an_organization()
    {
        var volunteer = await app.LogInAsync("someone");
        var problem = await (await volunteer.Http.PostJsonAsync("/api/organizations", new { name = "x", kind = "school", region = "y" })).ExpectAsync(403);
        Assert.Equal("forbidden", problem.Str("code"));
    }

    [Fact]
    public async Task A_volunteer_cannot_grant_roles()
    {
        var admin = await app.LogInAsAdminAsync();
        var orgId = await CreateOrganizationAsync(admin, "阳光志愿者协会");
        var volunteer = await app.LogInAsync("volunteer-li");
        await (await admin.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{volunteer.UserId}", new { role = "volunteer" })).ExpectAsync(200);

        var other = await app.LogInAsync("volunteer-zhao");
        var problem = await (await volunteer.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{other.UserId}", new { role = "organizer" })).ExpectAsync(403);
        Assert.Equal("forbidden", problem.Str("code"));

        var me = await (await other.Http.GetAsync("/api/me")).ExpectAsync(200);
        Assert.Empty(me["organizations"]!.AsArray());
    }

    [Fact]
    public async Task An_organizer_of_one_organization_cannot_act_in_another()
    {
        var admin = await app.LogInAsAdminAsync();
        var orgA = await CreateOrganizationAsync(admin, "A 协会");
        var orgB = await CreateOrganizationAsync(admin, "B 学校");
        var organizer = await app.LogInAsync("organizer-a");
        await (await admin.Http.PutJsonAsync($"/api/organizations/{orgA}/members/{organizer.UserId}", new { role = "organizer" })).ExpectAsync(200);
        var teacher = await app.LogInAsync("teacher-x");

        await (await organizer.Http.PutJsonAsync($"/api/organizations/{orgA}/members/{teacher.UserId}", new { role = "teacher" })).ExpectAsync(200);
        await (await organizer.Http.PutJsonAsync($"/api/organizations/{orgB}/members/{teacher.UserId}", new { role = "teacher" })).ExpectAsync(403);
        // Organizers run the day-to-day; making an admin takes an admin.
        await (await organizer.Http.PutJsonAsync($"/api/organizations/{orgA}/members/{teacher.UserId}", new { role = "admin" })).ExpectAsync(403);

        var me = await (await teacher.Http.GetAsync("/api/me")).ExpectAsync(200);
        var organizations = me["organizations"]!.AsArray();
        Assert.Single(organizations);
        Assert.Equal(orgA, organizations[0]!.Str("organizationId"));
        Assert.Equal("teacher", organizations[0]!["roles"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Granting_in_an_organization_that_does_not_exist_is_404()
    {
        var admin = await app.LogInAsAdminAsync();
        await (await admin.Http.PutJsonAsync($"/api/organizations/{Guid.NewGuid()}/members/{admin.UserId}", new { role = "teacher" })).ExpectAsync(404);
    }
}
