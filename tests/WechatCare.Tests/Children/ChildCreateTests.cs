using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>Registering a child: what the teacher sends must be complete and plausible, and what they see back is what was saved.</summary>
public sealed class ChildCreateTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync()
    {
        var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static int ChildCount(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CareDb>().Children.Count();
    }

    [Fact]
    public async Task The_teacher_sees_the_parents_just_saved_in_the_create_answer_and_the_audit_row_says_so()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;

        var created = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(w.OrgA, "测试童花花", "13500008888"))).ExpectAsync(201);

        var parent = Assert.Single(created["parents"]!.AsArray())!;
        Assert.Equal("测试爸爸", parent.Str("name"));
        Assert.Equal(ChildrenWorld.ParentPhone, parent.Str("phone"));
        Assert.Equal(ChildrenWorld.ParentWorkCity, parent.Str("workCity"));
        var read = await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{created.Str("id")}")).ExpectAsync(200);
        Assert.Equal(read["parents"]!.ToJsonString(), created["parents"]!.ToJsonString());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(created.Str("id"));
        var audit = await db.ChildReadAudits.AsNoTracking().Where(a => a.ChildId == id && a.Purpose == "CreateChild").SingleAsync();
        Assert.Contains("parents", audit.Fields.Split(','));
    }

    [Fact]
    public async Task Staff_without_the_health_grant_cannot_write_health_notes_when_registering_a_child()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var before = ChildCount(app);

        var refused = await (await w.OrganizerA.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(w.OrgA, "测试童风风", "13500005555"))).ExpectAsync(422);

        Assert.Equal("health_note_grant_required", refused.Str("code"));
        Assert.Equal(before, ChildCount(app));
        // Without health notes the same organizer registers the child.
        var withoutNotes = ChildrenWorld.NewChild(w.OrgA, "测试童风风", "13500005555");
        var json = System.Text.Json.JsonSerializer.SerializeToNode(withoutNotes)!.AsObject();
        json.Remove("healthNotes");
        var created = await (await w.OrganizerA.Http.PostAsJsonAsync("/api/children", json)).ExpectAsync(201);
        Assert.Null(created["healthNotes"]);
    }

    [Fact]
    public async Task A_consent_without_its_time_is_refused_on_registration_and_on_renewal()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var before = ChildCount(app);

        var create = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(w.OrgA, "测试童云云", "13500006666", consent: new { by = "测试奶奶", relation = "祖母" }))).ExpectAsync(400);
        Assert.Contains(create["errors"]!.AsObject(), e => e.Key == "consent.at");
        Assert.Equal(before, ChildCount(app));

        var renew = await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consents",
            new { by = "测试奶奶", relation = "祖母" })).ExpectAsync(400);
        Assert.Contains(renew["errors"]!.AsObject(), e => e.Key == "at");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        Assert.DoesNotContain(await db.GuardianConsents.AsNoTracking().Select(c => c.GivenAtUtc).ToListAsync(), at => at.Year < 2000);
    }

    [Fact]
    public async Task A_child_without_gender_birth_date_grade_or_left_behind_kind_is_refused_field_by_field()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var before = ChildCount(app);

        var refused = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children", new
        {
            organizationId = w.OrgA, name = "测试童缺缺",
            guardian = new { name = "测试奶奶", relation = "祖母", phone = "13500007777", address = "某地" },
            consent = new { by = "测试奶奶", relation = "祖母", at = "2026-08-30T10:00:00+08:00" },
        })).ExpectAsync(400);

        var errors = refused["errors"]!.AsObject();
        foreach (var field in new[] { "gender", "birthDate", "grade", "leftBehind" }) Assert.Contains(errors, e => e.Key == field);
        Assert.Contains("性别", errors["gender"]![0]!.GetValue<string>());
        Assert.Equal(before, ChildCount(app));
    }

    [Theory]
    [InlineData("2026-09-02")]   // tomorrow in Shanghai
    [InlineData("2061-04-12")]
    [InlineData("2008-09-01")]   // 18 today: not a minor
    [InlineData("1961-04-12")]
    public async Task A_birth_date_in_the_future_or_of_an_adult_is_refused_on_registration_and_on_edit(string birthDate)
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var body = System.Text.Json.JsonSerializer.SerializeToNode(ChildrenWorld.NewChild(w.OrgA, "测试童日日", "13500009999"))!.AsObject();
        body["birthDate"] = birthDate;

        var created = await (await w.TeacherWithGrant.Http.PostAsJsonAsync("/api/children", body)).ExpectAsync(422);
        Assert.Equal("birth_date_implausible", created.Str("code"));
        var edited = await (await w.TeacherWithGrant.Http.PatchAsJsonAsync($"/api/children/{w.ChildId}", new { birthDate })).ExpectAsync(422);
        Assert.Equal("birth_date_implausible", edited.Str("code"));

        var read = await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.Equal("2016-04-12", read.Str("birthDate"));
        // Today's newborn and a child of 17 are fine.
        await (await w.TeacherWithGrant.Http.PatchAsJsonAsync($"/api/children/{w.ChildId}", new { birthDate = "2026-09-01" })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PatchAsJsonAsync($"/api/children/{w.ChildId}", new { birthDate = "2008-09-02" })).ExpectAsync(200);
    }
}
