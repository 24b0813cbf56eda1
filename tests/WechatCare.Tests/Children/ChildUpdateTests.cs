using System.Net.Http.Json;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

public sealed class ChildUpdateTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync()
    {
        var app = new CareApp();
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static Task<HttpResponseMessage> PatchAsync(UserClient who, string childId, object changes) =>
        who.Http.PatchAsJsonAsync($"/api/children/{childId}", changes);

    [Fact]
    public async Task Staff_update_a_new_school_year_and_a_new_guardian_phone_and_the_archive_shows_them()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var auditsBefore = w.AuditCount(w.ChildId);

        var updated = await (await PatchAsync(w.TeacherWithGrant, w.ChildId, new
        {
            grade = 5, className = "五年级一班", hobbies = "画画",
            guardian = new { name = "测试奶奶", relation = "祖母", phone = "137-0000-8888", address = "贵州省毕节市七星关区幸福村三组十八号" },
            healthNotes = "哮喘已好转",
        })).ExpectAsync(200);

        Assert.Equal(5, updated["grade"]!.GetValue<int>());
        Assert.Equal("13700008888", updated["guardian"]!.Str("phone"));
        Assert.Equal("哮喘已好转", updated.Str("healthNotes"));
        Assert.Equal(ChildrenWorld.ParentPhone, updated["parents"]![0]!.Str("phone"));   // not sent: unchanged
        Assert.Equal(auditsBefore + 1, w.AuditCount(w.ChildId));   // the answer shows the record: one read

        var read = await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.Equal("五年级一班", read.Str("className"));
        Assert.Equal("画画", read.Str("hobbies"));
        var found = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children/search", new { organizationId = w.OrgA, guardianPhone = "13700008888" })).ExpectAsync(200);
        Assert.Contains(found["items"]!.AsArray(), c => c!.Str("id") == w.ChildId);
    }

    [Fact]
    public async Task Health_notes_need_the_grant_and_contacts_need_the_guardians_consent()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;

        var noGrant = await (await PatchAsync(w.OrganizerA, w.ChildId, new { healthNotes = "新的健康情况" })).ExpectAsync(422);
        Assert.Equal("health_note_grant_required", noGrant.Str("code"));
        await (await PatchAsync(w.OrganizerA, w.ChildId, new { hobbies = "踢毽子" })).ExpectAsync(200);

        await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consent-withdrawals", new { scopes = new[] { "parents-contact" } })).ExpectAsync(200);
        var noConsent = await (await PatchAsync(w.TeacherWithGrant, w.ChildId, new { parents = new[] { new { name = "测试爸爸", phone = "13900007777" } } })).ExpectAsync(422);
        Assert.Equal("guardian_consent_required", noConsent.Str("code"));

        var read = await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.Equal(ChildrenWorld.HealthNotes, read.Str("healthNotes"));   // the refused changes changed nothing
        Assert.Equal("踢毽子", read.Str("hobbies"));
    }

    [Fact]
    public async Task Only_staff_of_the_childs_organisation_can_update_it()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        foreach (var outsider in new[] { w.Parent, w.Mentor, w.TeacherB, w.Stranger })
            await (await PatchAsync(outsider, w.ChildId, new { hobbies = "改了" })).ExpectAsync(404);
        var bad = await (await PatchAsync(w.TeacherWithGrant, w.ChildId, new { grade = 40 })).ExpectAsync(400);
        Assert.Equal("validation_failed", bad.Str("code"));
        var read = await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.NotEqual("改了", read.Str("hobbies"));
    }
}
