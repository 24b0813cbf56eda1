using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>Export, deletion on request, erasure after leaving, and the breach helper.</summary>
public sealed class ChildRightsTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync()
    {
        var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false", ["Children:EraseLeftAfterDays"] = "30" } };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static async Task<ChildRetentionResult> RunRetentionAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand());
    }

    [Fact]
    public async Task A_parent_exports_everything_held_about_their_child()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        foreach (var status in new[] { "absent", "present" })   // recorded, then corrected
            await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
            {
                organizationId = w.OrgA, date = "2026-09-01", place = "school", entries = new[] { new { childId = w.ChildId, status } },
            })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-08-31", new { note = "这周主动帮同学打扫教室" })).ExpectAsync(200);
        for (var i = 0; i < 120; i++) await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        var readsBefore = w.AuditCount(w.ChildId);

        var export = await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}/export")).ExpectAsync(200);

        Assert.Equal(ChildrenWorld.HealthNotes, export["archive"]!.Str("healthNotes"));
        Assert.Equal(ChildrenWorld.ParentPhone, export["archive"]!["parents"]![0]!.Str("phone"));
        Assert.Equal("测试奶奶", export["consents"]![0]!.Str("by"));
        Assert.Equal("present", export["attendance"]![0]!.Str("status"));
        Assert.Equal(1, export["attendance"]![0]!["corrections"]!.GetValue<int>());
        Assert.Equal("这周主动帮同学打扫教室", export["weeklyNotes"]![0]!.Str("note"));
        // Every read before the export, not just a first page.
        Assert.Equal(readsBefore, export["reads"]!.AsArray().Count);
        Assert.Contains(export["reads"]!.AsArray(), r => r!.Str("purpose") == "CreateChild");
    }

    [Fact]
    public async Task The_read_log_says_the_export_showed_attendance_notes_consents_and_the_read_log_too()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
        {
            organizationId = w.OrgA, date = "2026-09-01", place = "school", entries = new[] { new { childId = w.ChildId, status = "present" } },
        })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-08-31", new { note = "这周主动帮同学打扫教室" })).ExpectAsync(200);

        await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}/export")).ExpectAsync(200);

        var reads = await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}/reads")).ExpectAsync(200);
        var export = reads["items"]!.AsArray().First(r => r!.Str("purpose") == "ExportChildData")!;
        var fields = export["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        foreach (var field in new[] { "guardian", "healthNotes", "parents", "consentHistory", "attendance", "weeklyNotes", "readLog" })
            Assert.Contains(field, fields);
        Assert.Contains("考勤记录", export.Str("description"));
        Assert.Contains("老师每周评语", export.Str("description"));
        Assert.Contains("监护人同意记录", export.Str("description"));
        Assert.DoesNotMatch("[A-Za-z]{4,}", export.Str("description"));
    }

    [Fact]
    public async Task A_value_under_a_dropped_key_does_not_hold_up_erasure()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);
        // The other child's address was written under a key that is no longer configured.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CareDb>().Children.Where(c => c.Id == Guid.Parse(w.OtherChildId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.GuardianAddressCipher, "v1.0badc0de.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        app.Clock.Advance(TimeSpan.FromDays(8));
        var result = await RunRetentionAsync(app);

        Assert.Equal((1, 1), (result.ChildrenErased, result.Unreadable));
        var parent = await app.LogInAsync(w.Parent.Name);
        await (await parent.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
        Assert.Equal(1, (await RunRetentionAsync(app)).Unreadable);   // left as it was, found again next time
    }

    [Fact]
    public async Task Values_under_a_dropped_key_do_not_stall_the_re_encryption_of_the_rows_after_them()
    {
        var oldKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await using var app = new CareApp
        {
            Settings = new Dictionary<string, string?> { ["Security:PreviousDataKeys:0"] = oldKey, ["Bot:InProcess"] = "false" },
        };
        await app.InitializeAsync();
        var w = await ChildrenWorld.CreateAsync(app);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children", ChildrenWorld.NewChild(w.OrgA, "测试童三号", "13600004444"))).ExpectAsync(201);
        List<Guid> ids;
        using (var scope = app.Services.CreateScope())
        {
            // In the order the job takes them: the first two under a key no longer configured, the last under the previous key.
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            ids = await db.Children.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            var lastId = ids[^1];
            await db.Children.Where(c => c.Id != lastId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.GuardianAddressCipher, "v1.0badc0de.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            await db.Children.Where(c => c.Id == lastId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.GuardianAddressCipher, FieldCipher.FromBase64(oldKey).Encrypt(ChildrenWorld.GuardianAddress)));
        }

        ChildRetentionResult result;
        using (var scope = app.Services.CreateScope())
            result = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand(BatchSize: 1));

        Assert.Equal((1, 2), (result.ReEncrypted, result.Unreadable));
        Assert.Equal(ids[..2].Order(), result.UnreadableIds!.Order());
        using (var scope = app.Services.CreateScope())
        {
            var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
            var lastId = ids[^1];
            var last = await scope.ServiceProvider.GetRequiredService<CareDb>().Children.AsNoTracking().SingleAsync(c => c.Id == lastId);
            Assert.False(cipher.NeedsReEncryption(last.GuardianAddressCipher!));
            Assert.Equal(ChildrenWorld.GuardianAddress, cipher.Decrypt(last.GuardianAddressCipher!));
        }
    }

    [Fact]
    public async Task A_deletion_request_hides_the_child_from_staff_and_erases_it_after_the_grace_period()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        // Absence messages name the children in their parents' inboxes.
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
        {
            organizationId = w.OrgA, date = "2026-09-01", place = "school",
            entries = new[] { new { childId = w.ChildId, status = "absent" }, new { childId = w.OtherChildId, status = "absent" } },
        })).ExpectAsync(200);
        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);

        await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
        await (await w.Mentor.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
        await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        Assert.Equal(0, (await RunRetentionAsync(app)).ChildrenErased);

        app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, (await RunRetentionAsync(app)).ChildrenErased);
        var parent = await app.LogInAsync(w.Parent.Name);
        await (await parent.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var child = await db.Children.Include(c => c.Parents).SingleAsync(c => c.Id == Guid.Parse(w.ChildId));
        Assert.Equal(ChildStatus.Erased, child.Status);
        Assert.Null(child.GuardianPhoneCipher);
        Assert.Null(child.HealthNotesCipher);
        Assert.Empty(child.Parents);
        Assert.NotEqual(ChildrenWorld.ChildName, child.Name);
        Assert.False(await db.GuardianConsents.AnyAsync(c => c.ChildId == child.Id));
        Assert.False(await db.GuardianLinks.AnyAsync(l => l.ChildId == child.Id));
        Assert.False(await db.Inbox.AnyAsync(m => m.Body.Contains(ChildrenWorld.ChildName)));
        Assert.False(await db.Outbox.AnyAsync(m => m.Body.Contains(ChildrenWorld.ChildName)));
        Assert.True(await db.Inbox.AnyAsync(m => m.Body.Contains(ChildrenWorld.OtherChildName)), "messages about other children stay");
        // The read log stays: it names no one but ids.
        Assert.True(await db.ChildReadAudits.AnyAsync(a => a.ChildId == child.Id));
    }

    [Fact]
    public async Task A_parent_who_renews_consent_during_the_grace_period_keeps_the_archive()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);

        await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consents",
            new { by = "测试爸爸", relation = "父亲", at = "2026-09-01T09:00:00+08:00", scopes = new[] { "basic-archive", "health-notes", "parents-contact" }, method = "in-app" })).ExpectAsync(200);

        await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, (await RunRetentionAsync(app)).ChildrenErased);
    }

    [Fact]
    public async Task A_child_who_left_is_erased_after_the_configured_period()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.OrganizerA.Http.PostAsync($"/api/children/{w.OtherChildId}/leave", null)).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await RunRetentionAsync(app)).ChildrenErased);
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await RunRetentionAsync(app)).ChildrenErased);
        var teacher = await app.LogInAsync(w.TeacherWithGrant.Name);
        await (await teacher.Http.GetAsync($"/api/children/{w.OtherChildId}")).ExpectAsync(404);
        await (await teacher.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
    }

    [Fact]
    public async Task The_breach_helper_lists_the_guardians_to_inform_for_the_organizations_records_only()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var body = new { childIds = new[] { w.ChildId, w.OtherChildId, Guid.NewGuid().ToString() } };

        var list = await (await w.OrganizerA.Http.PostJsonAsync($"/api/organizations/{w.OrgA}/breach/guardians-to-inform", body)).ExpectAsync(200);
        Assert.Equal(2, list.AsArray().Count);
        var first = list.AsArray().Single(g => g!.Str("childId") == w.ChildId)!;
        Assert.Equal(ChildrenWorld.GuardianPhone, first.Str("guardianPhone"));
        Assert.Equal(w.Parent.UserId.ToString(), first["linkedParentIds"]![0]!.GetValue<string>());

        await (await w.TeacherWithGrant.Http.PostJsonAsync($"/api/organizations/{w.OrgA}/breach/guardians-to-inform", body)).ExpectAsync(403);
        var other = await (await w.Admin.Http.PostJsonAsync($"/api/organizations/{w.OrgB}/breach/guardians-to-inform", body)).ExpectAsync(200);
        Assert.Empty(other.AsArray());
    }
}
