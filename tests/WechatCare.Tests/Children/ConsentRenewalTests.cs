using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>Renewing a guardian's consent renews it: it withdraws only what the guardian leaves out by name.</summary>
public sealed class ConsentRenewalTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync()
    {
        var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static async Task RunRetentionAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand());
    }

    [Fact]
    public async Task A_renewal_in_the_contracts_shape_keeps_the_health_notes_and_parents_contacts_the_guardian_agreed_to()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;

        var renewed = await (await w.TeacherWithGrant.Http.PostJsonAsync($"/api/children/{w.ChildId}/consents",
            new { by = "测试奶奶", relation = "祖母", at = "2026-09-01T08:00:00+08:00" })).ExpectAsync(200);

        Assert.Equal(["basic-archive", "health-notes", "parents-contact"], renewed["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Empty(renewed["withdrawnPendingErasure"]!.AsArray());
        app.Clock.Advance(TimeSpan.FromDays(8));
        await RunRetentionAsync(app);
        var parent = await app.LogInAsync(w.Parent.Name);
        var child = await (await parent.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.Equal(ChildrenWorld.HealthNotes, child.Str("healthNotes"));
        Assert.Equal(ChildrenWorld.ParentPhone, child["parents"]![0]!.Str("phone"));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(w.ChildId);
        Assert.False(await db.ConsentWithdrawals.AnyAsync(x => x.ChildId == id));
        var latest = await db.GuardianConsents.AsNoTracking().Where(c => c.ChildId == id).OrderByDescending(c => c.RecordedAtUtc).FirstAsync();
        Assert.Equal(ConsentScopes.BasicArchive | ConsentScopes.HealthNotes | ConsentScopes.ParentsContact, latest.Scopes);
    }

    [Fact]
    public async Task A_renewal_without_scopes_does_not_bring_back_a_withdrawn_scope_and_a_named_one_withdraws_what_it_leaves_out()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consent-withdrawals", new { scopes = new[] { "health-notes" } })).ExpectAsync(200);

        var renewed = await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consents",
            new { by = "测试爸爸", relation = "父亲", at = "2026-09-01T08:00:00+08:00", method = "in-app" })).ExpectAsync(200);
        Assert.Equal(["basic-archive", "parents-contact"], renewed["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["health-notes"], renewed["withdrawnPendingErasure"]!.AsArray().Select(s => s!.GetValue<string>()));

        var named = await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consents",
            new { by = "测试爸爸", relation = "父亲", at = "2026-09-01T08:30:00+08:00", method = "in-app", scopes = new[] { "basic-archive" } })).ExpectAsync(200);
        Assert.Equal(["basic-archive"], named["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["health-notes", "parents-contact"], named["withdrawnPendingErasure"]!.AsArray().Select(s => s!.GetValue<string>()));
    }
}
