using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>Consent first, exactly one audit row per read, audit rows untouchable, no clear text at rest or in logs, key rotation.</summary>
public sealed class ChildPrivacyTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static async Task<CareApp> StartAsync(Engine engine = Engine.Sqlite, IDictionary<string, string?>? settings = null)
    {
        var app = new CareApp { Engine = engine, Settings = settings ?? new Dictionary<string, string?>() };
        await app.InitializeAsync();
        return app;
    }

    private static (int Children, int Consents, int Parents, int Audits) Counts(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        return (db.Children.Count(), db.GuardianConsents.Count(), db.ParentContacts.Count(), db.ChildReadAudits.Count());
    }

    [Fact]
    public async Task A_child_without_guardian_consent_is_refused_and_nothing_is_written()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        var before = Counts(app);

        var problem = await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(world.OrgA, "测试童无同意", "13600004444", withConsent: false))).ExpectAsync(422);

        Assert.Equal("guardian_consent_required", problem.Str("code"));
        Assert.Equal(before, Counts(app));
    }

    [Fact]
    public async Task Health_notes_without_the_health_scope_are_refused_and_nothing_is_written()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        var before = Counts(app);
        var basicOnly = new { by = "测试奶奶", relation = "祖母", at = "2026-08-30T10:00:00+08:00", scopes = new[] { "basic-archive", "parents-contact" } };

        var problem = await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(world.OrgA, "测试童缺范围", "13600004444", basicOnly))).ExpectAsync(422);

        Assert.Equal("guardian_consent_required", problem.Str("code"));
        Assert.Equal("health-notes", problem["missingScopes"]![0]!.GetValue<string>());
        Assert.Equal(before, Counts(app));
    }

    [Fact]
    public async Task A_consent_in_the_contracts_shape_covers_the_categories_on_the_form_and_no_more()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        var unnamedScopes = new { by = "测试奶奶", relation = "祖母", at = "2026-08-30T10:00:00+08:00" };

        var created = await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(world.OrgA, "测试童契约", "13600005555", unnamedScopes))).ExpectAsync(201);

        using var scope = app.Services.CreateScope();
        var consent = await scope.ServiceProvider.GetRequiredService<CareDb>().GuardianConsents.AsNoTracking()
            .SingleAsync(c => c.ChildId == Guid.Parse(created.Str("id")));
        Assert.Equal(ConsentScopes.BasicArchive | ConsentScopes.HealthNotes | ConsentScopes.ParentsContact, consent.Scopes);
    }

    [Fact]
    public async Task A_newer_policy_version_blocks_staff_until_consent_is_renewed()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        using (var scope = app.Services.CreateScope())
        {
            // The policy moved on: the stored consent is for an older version.
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            await db.Children.Where(c => c.Id == Guid.Parse(world.ChildId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsentPolicyVersion, "2025-01"));
        }

        var problem = await (await world.OrganizerA.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(422);
        Assert.Equal("guardian_consent_outdated", problem.Str("code"));
        var note = await (await world.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{world.ChildId}/weekly-notes/2026-08-31", new { note = "本周表现很好" })).ExpectAsync(422);
        Assert.Equal("guardian_consent_outdated", note.Str("code"));
        await (await world.Parent.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);

        await (await world.Parent.Http.PostJsonAsync($"/api/children/{world.ChildId}/consents",
            new { by = "测试爸爸", relation = "父亲", at = "2026-09-01T09:00:00+08:00", scopes = new[] { "basic-archive", "health-notes", "parents-contact" }, method = "in-app" })).ExpectAsync(200);
        await (await world.OrganizerA.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);
    }

    [Fact]
    public async Task Withdrawing_health_notes_hides_them_at_once_and_erases_them_after_the_grace_period()
    {
        await using var app = await StartAsync(settings: new Dictionary<string, string?> { ["Bot:InProcess"] = "false" });
        var world = await ChildrenWorld.CreateAsync(app);

        var consent = await (await world.Parent.Http.PostJsonAsync($"/api/children/{world.ChildId}/consent-withdrawals", new { scopes = new[] { "health-notes" } })).ExpectAsync(200);
        Assert.Equal("health-notes", consent["withdrawnPendingErasure"]![0]!.GetValue<string>());
        var seen = await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);
        Assert.Null(seen["healthNotes"]);
        Assert.NotNull(StoredHealthNotes(app, world.ChildId));

        app.Clock.Advance(TimeSpan.FromDays(8));
        await RunRetentionAsync(app);
        Assert.Null(StoredHealthNotes(app, world.ChildId));
    }

    private static string? StoredHealthNotes(CareApp app, string childId)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CareDb>().Children.Where(c => c.Id == Guid.Parse(childId)).Select(c => c.HealthNotesCipher).Single();
    }

    private static async Task<ChildRetentionResult> RunRetentionAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand());
    }

    [Fact]
    public async Task Every_read_writes_exactly_one_audit_row_and_the_guardian_sees_who_read()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        var start = world.AuditCount(world.ChildId);

        await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);
        Assert.Equal(start + 1, world.AuditCount(world.ChildId));
        await (await world.Mentor.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);
        Assert.Equal(start + 2, world.AuditCount(world.ChildId));
        await (await world.OrganizerA.Http.GetAsync($"/api/children/{world.ChildId}/attendance")).ExpectAsync(200);
        Assert.Equal(start + 3, world.AuditCount(world.ChildId));
        // Refused reads show nothing and write nothing.
        await (await world.Stranger.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(404);
        Assert.Equal(start + 3, world.AuditCount(world.ChildId));

        var reads = await (await world.Parent.Http.GetAsync($"/api/children/{world.ChildId}/reads")).ExpectAsync(200);
        var items = reads["items"]!.AsArray();
        Assert.Equal(start + 3, reads["total"]!.GetValue<int>());
        Assert.Equal(world.OrganizerA.UserId.ToString(), items[0]!.Str("readerId"));
        Assert.Equal("GetChildAttendance", items[0]!.Str("purpose"));
        var mentorRead = items[1]!;
        Assert.Equal("mentor", mentorRead.Str("relation"));
        Assert.Equal(["name", "grade", "hobbies"], mentorRead["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("healthNotes", items[2]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        // The guardian reads it as a sentence, with no code names left in it.
        Assert.EndsWith("（结对帮扶人）查看档案：姓名、年级、爱好", mentorRead.Str("description"));
        foreach (var item in items)
        {
            var reader = item!["readerName"]?.GetValue<string>();
            var withoutName = string.IsNullOrEmpty(reader) ? item.Str("description") : item.Str("description").Replace(reader, "");
            Assert.DoesNotMatch("[A-Za-z]", withoutName);
        }
        // Reading the read log is not itself a read of the record.
        Assert.Equal(start + 3, world.AuditCount(world.ChildId));

        // A parent's list of their children shows the child's name: a read too.
        var otherChildStart = world.AuditCount(world.OtherChildId);
        await (await world.Parent.Http.GetAsync("/api/me/children")).ExpectAsync(200);
        Assert.Equal(start + 4, world.AuditCount(world.ChildId));
        Assert.Equal(otherChildStart, world.AuditCount(world.OtherChildId));
        var listRead = (await (await world.Parent.Http.GetAsync($"/api/children/{world.ChildId}/reads")).ExpectAsync(200))["items"]![0]!;
        Assert.Equal("ListMyChildren", listRead.Str("purpose"));
        Assert.Equal(["name"], listRead["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task The_application_cannot_update_or_delete_audit_rows()
    {
        await using var app = await StartAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var audit = await db.ChildReadAudits.FirstAsync();
        db.Entry(audit).Property(a => a.Purpose).CurrentValue = "covered up";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        db.ChildReadAudits.Remove(await db.ChildReadAudits.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        // Around the change tracker too: the database itself refuses.
        await Assert.ThrowsAnyAsync<Exception>(() => db.ChildReadAudits.ExecuteDeleteAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => db.ChildReadAudits.ExecuteUpdateAsync(s => s.SetProperty(a => a.Purpose, "covered up")));
        Assert.DoesNotContain(await db.ChildReadAudits.Select(a => a.Purpose).ToListAsync(), p => p == "covered up");
        Assert.True(await db.ChildReadAudits.CountAsync() > 0);
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_database_dump_holds_no_phone_address_work_place_or_health_note_in_clear_text(Engine engine)
    {
        await using var app = await StartAsync(engine);
        var world = await ChildrenWorld.CreateAsync(app);
        await (await world.Parent.Http.GetAsync($"/api/children/{world.ChildId}/export")).ExpectAsync(200);
        // A create sent with an Idempotency-Key: the store keeps the child's id only, and the replay is a fresh audited read.
        var created = await CreateWithIdempotencyKeyAsync(world);
        var replayed = await CreateWithIdempotencyKeyAsync(world);
        Assert.Equal(created, replayed);
        Assert.Contains(ChildrenWorld.HealthNotes, replayed);

        var dump = engine == Engine.Sqlite ? SqliteFiles(app) : await MariaDbDumpAsync(app);
        Assert.Contains(ChildrenWorld.ChildName, dump);   // the dump is readable: names are stored plainly
        foreach (var secret in ChildrenWorld.SeededSecrets) Assert.DoesNotContain(secret, dump);
    }

    private static async Task<string> CreateWithIdempotencyKeyAsync(ChildrenWorld world)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/children")
        {
            Content = JsonContent.Create(ChildrenWorld.NewChild(world.OrgA, "测试童三三", ChildrenWorld.GuardianPhone)),
        };
        request.Headers.Add("Idempotency-Key", "create-sansan");
        using var response = await world.TeacherWithGrant.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string SqliteFiles(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var text = new StringBuilder();
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.UTF8.GetString(memory.ToArray()));
        }
        return text.ToString();
    }

    /// <summary>SELECT * of every table of the feature (and the outbox/inbox), every column as text.</summary>
    private static async Task<string> MariaDbDumpAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var text = new StringBuilder();
        await using var connection = new MySqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).Distinct())
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM `{table}`";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetValue(i) switch
                {
                    DBNull => "",
                    byte[] bytes => Encoding.UTF8.GetString(bytes),   // binary columns (stored answers) as the text they hold
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                }).Append('|');
        }
        return text.ToString();
    }

    [Fact]
    public async Task After_a_key_rotation_old_rows_are_read_found_by_phone_and_re_encrypted_under_the_new_key()
    {
        var oldKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await using var app = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Security:PreviousDataKeys:0"] = oldKey,
            ["Bot:InProcess"] = "false",
        });
        var world = await ChildrenWorld.CreateAsync(app);
        var oldCipher = FieldCipher.FromBase64(oldKey);
        Guid oldChildId;
        using (var scope = app.Services.CreateScope())
        {
            // A child written before the rotation, under the old key.
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var child = Child.Register(Guid.Parse(world.OrgA), "测试童旧钥", Gender.Male, new DateOnly(2015, 5, 1), 5, "五年级一班", LeftBehindKind.Father,
                new GuardianInfo("测试爷爷", "祖父", "13500005555", ChildrenWorld.GuardianAddress), [new ParentInfo("测试爸爸", ChildrenWorld.ParentPhone, ChildrenWorld.ParentWorkCity)],
                null, "下棋", ChildrenWorld.HealthNotes, ConsentScopes.BasicArchive | ConsentScopes.HealthNotes | ConsentScopes.ParentsContact,
                "2026-09", world.TeacherWithGrant.UserId, oldCipher, app.Clock.GetUtcNow());
            db.Children.Add(child);
            await db.SaveChangesAsync();
            oldChildId = child.Id;
        }

        var read = await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{oldChildId}")).ExpectAsync(200);
        Assert.Equal("13500005555", read["guardian"]!.Str("phone"));
        Assert.Equal(ChildrenWorld.HealthNotes, read.Str("healthNotes"));
        Assert.Equal(ChildrenWorld.ParentWorkCity, read["parents"]![0]!.Str("workCity"));
        var found = await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children/search", new { organizationId = world.OrgA, guardianPhone = "135-0000-5555" })).ExpectAsync(200);
        Assert.Equal(oldChildId.ToString(), found["items"]![0]!.Str("id"));

        var result = await RunRetentionAsync(app);
        Assert.Equal(1, result.ReEncrypted);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
            var child = await db.Children.Include(c => c.Parents).SingleAsync(c => c.Id == oldChildId);
            Assert.False(cipher.NeedsReEncryption(child.GuardianPhoneCipher!));
            Assert.False(cipher.NeedsReEncryption(child.HealthNotesCipher!));
            Assert.False(cipher.NeedsReEncryption(child.Parents[0].WorkCityCipher!));
            Assert.Equal(cipher.LookupHash("13500005555"), child.GuardianPhoneHash);
        }
        Assert.Equal(0, (await RunRetentionAsync(app)).ReEncrypted);
        var again = await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{oldChildId}")).ExpectAsync(200);
        Assert.Equal("13500005555", again["guardian"]!.Str("phone"));
    }

    [Fact]
    public async Task No_seeded_phone_name_or_health_note_reaches_the_logs()
    {
        // Everything the framework can say, SQL and request lines included.
        await using var app = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
        });
        var world = await ChildrenWorld.CreateAsync(app);
        await (await world.TeacherWithGrant.Http.GetAsync($"/api/children/{world.ChildId}")).ExpectAsync(200);
        await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children/search", new { organizationId = world.OrgA, guardianPhone = ChildrenWorld.GuardianPhone })).ExpectAsync(200);
        await (await world.Parent.Http.GetAsync($"/api/children/{world.ChildId}/export")).ExpectAsync(200);
        await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/children", ChildrenWorld.NewChild(world.OrgA, "测试童日志", "13600006666", withConsent: false))).ExpectAsync(422);
        await (await world.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
        {
            organizationId = world.OrgA, date = "2026-09-01", place = "school",
            entries = new[] { new { childId = world.ChildId, status = "absent" } },
        })).ExpectAsync(200);
        await (await world.TeacherWithGrant.Http.PatchAsJsonAsync($"/api/children/{world.ChildId}",
            new { guardian = new { name = "测试奶奶", relation = "祖母", phone = "13600007777", address = ChildrenWorld.GuardianAddress } })).ExpectAsync(200);
        // The absence message goes through the dispatcher, as in production.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WechatCare.Bot.Delivery.OutboxDispatcher>().RunAsync(scope.ServiceProvider, CancellationToken.None);
        Assert.Contains(ChildrenWorld.ChildName,
            (await (await world.Parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]![0]!.Str("body"));

        var logs = app.LogText;
        Assert.Contains("/api/children/search", logs);   // the capture works: request lines
        Assert.Contains("ChildReadAudits", logs);         // and SQL
        Assert.Contains("Outbox", logs);                  // and the dispatcher's
        foreach (var secret in ChildrenWorld.SeededSecrets.Concat([ChildrenWorld.ChildName, ChildrenWorld.OtherChildName, "测试童日志", "13600006666", "13600007777", "测试奶奶"]))
            Assert.DoesNotContain(secret, logs);
    }
}
