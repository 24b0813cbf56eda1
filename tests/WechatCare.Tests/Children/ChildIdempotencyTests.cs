using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Api.Infrastructure;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>
/// A double tap with an Idempotency-Key does the work once, but a replay never serves a child's data from a stored
/// answer: it answers through today's scoped, audited read, so what the guardian withdrew or asked to delete stays hidden.
/// </summary>
public sealed class ChildIdempotencyTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync(int erasureGraceDays = 7)
    {
        var app = new CareApp
        {
            Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false", ["Children:ErasureGraceDays"] = erasureGraceDays.ToString() },
        };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static Task<HttpResponseMessage> SendAsync(UserClient who, HttpMethod method, string url, object? body, string key)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return who.Http.SendAsync(request);
    }

    private static int Audits(CareApp app, string childId, string? purpose = null)
    {
        using var scope = app.Services.CreateScope();
        var id = Guid.Parse(childId);
        return scope.ServiceProvider.GetRequiredService<CareDb>().ChildReadAudits.Count(a => a.ChildId == id && (purpose == null || a.Purpose == purpose));
    }

    /// <summary>Every stored answer, decrypted: what a database reader with the data key would find.</summary>
    private static string StoredAnswers(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
        var text = new StringBuilder();
        foreach (var record in scope.ServiceProvider.GetRequiredService<CareDb>().IdempotencyRecords.AsNoTracking().ToList())
            if (record.ResponseBody is { } body)
                text.AppendLine(Encoding.UTF8.GetString(Convert.FromBase64String(cipher.Decrypt(Encoding.ASCII.GetString(body)))));
        return text.ToString();
    }

    private static int Children(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CareDb>().Children.Count();
    }

    [Fact]
    public async Task A_replayed_registration_shows_the_archive_as_it_is_now_and_the_read_is_audited()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var body = ChildrenWorld.NewChild(w.OrgA, "测试童雨雨", "13600004444");
        var first = await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-create");
        var created = await first.ExpectAsync(201);
        var id = created.Str("id");
        var childrenAfterCreate = Children(app);

        var again = await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-create");
        var replayed = await again.ExpectAsync(201);

        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(childrenAfterCreate, Children(app));
        Assert.Equal(1, Audits(app, id, "GetChild"));

        // The guardian withdraws the health notes: the replay no longer shows them.
        var parent = await app.LogInAsync("parent-yuyu");
        await ChildrenWorld.LinkAsync(w.TeacherWithGrant, parent, id);
        await (await parent.Http.PostJsonAsync($"/api/children/{id}/consent-withdrawals", new { scopes = new[] { "health-notes" } })).ExpectAsync(200);
        var withdrawn = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-create")).ExpectAsync(201);
        Assert.Null(withdrawn["healthNotes"]);
        Assert.Equal(id, withdrawn.Str("id"));
        Assert.Equal(2, Audits(app, id, "GetChild"));
    }

    [Fact]
    public async Task A_replayed_registration_after_the_guardian_asked_for_deletion_is_404_and_shows_nothing()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var body = ChildrenWorld.NewChild(w.OrgA, "测试童雨雨", "13600004444");
        var id = (await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-1")).ExpectAsync(201)).Str("id");
        var parent = await app.LogInAsync("parent-yuyu");
        await ChildrenWorld.LinkAsync(w.TeacherWithGrant, parent, id);
        await (await parent.Http.PostAsync($"/api/children/{id}/deletion-request", null)).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.GetAsync($"/api/children/{id}")).ExpectAsync(404);
        var audits = Audits(app, id);

        var replay = await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-1");
        var text = await replay.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        foreach (var secret in new[] { ChildrenWorld.HealthNotes, "13600004444", ChildrenWorld.GuardianAddress, ChildrenWorld.ParentPhone, "测试童雨雨" })
            Assert.DoesNotContain(secret, text);
        Assert.Equal(audits, Audits(app, id));
    }

    [Fact]
    public async Task A_replayed_edit_answers_the_current_read_and_after_erasure_nothing()
    {
        // Erasure the same day, so the replay below is within the key's 24 hours.
        var (app, w) = await StartAsync(erasureGraceDays: 0);
        await using var _ = app;
        var edit = new { hobbies = "下棋", healthNotes = "哮喘已好转" };
        var edited = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Patch, $"/api/children/{w.ChildId}", edit, "k-edit")).ExpectAsync(200);
        Assert.Equal("哮喘已好转", edited.Str("healthNotes"));

        await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consent-withdrawals", new { scopes = new[] { "health-notes" } })).ExpectAsync(200);
        var before = Audits(app, w.ChildId, "GetChild");
        var replayed = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Patch, $"/api/children/{w.ChildId}", edit, "k-edit")).ExpectAsync(200);
        Assert.Equal("下棋", replayed.Str("hobbies"));
        Assert.Null(replayed["healthNotes"]);
        Assert.Equal(before + 1, Audits(app, w.ChildId, "GetChild"));

        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var scope = app.Services.CreateScope())
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand())).ChildrenErased);

        var afterErasure = await SendAsync(w.TeacherWithGrant, HttpMethod.Patch, $"/api/children/{w.ChildId}", edit, "k-edit");

        Assert.Equal(HttpStatusCode.NotFound, afterErasure.StatusCode);
        Assert.DoesNotContain("下棋", await afterErasure.Content.ReadAsStringAsync());
        Assert.DoesNotContain("下棋", StoredAnswers(app));
        Assert.DoesNotContain(ChildrenWorld.ChildName, StoredAnswers(app));
    }

    [Fact]
    public async Task The_idempotency_store_holds_no_childs_personal_data()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", ChildrenWorld.NewChild(w.OrgA, "测试童雨雨", "13600004444"), "k-a")).ExpectAsync(201);
        await (await SendAsync(w.TeacherWithGrant, HttpMethod.Patch, $"/api/children/{w.ChildId}", new { personality = "开朗爱笑" }, "k-b")).ExpectAsync(200);
        await (await SendAsync(w.TeacherWithGrant, HttpMethod.Put, $"/api/children/{w.ChildId}/weekly-notes/2026-09-01", new { note = "本周想念妈妈" }, "k-c")).ExpectAsync(200);
        await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children/search", new { organizationId = w.OrgA, guardianPhone = ChildrenWorld.GuardianPhone }, "k-d")).ExpectAsync(200);
        await (await SendAsync(w.OrganizerA, HttpMethod.Post, $"/api/organizations/{w.OrgA}/breach/guardians-to-inform", new { childIds = new[] { w.ChildId } }, "k-e")).ExpectAsync(200);
        var code = (await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.OtherChildId}/guardian-invites", null)).ExpectAsync(201)).Str("code");
        var uncle = await app.LogInAsync("uncle-of-yueyue");
        await (await SendAsync(uncle, HttpMethod.Post, "/api/me/children", new { code }, "k-f")).ExpectAsync(200);

        var stored = StoredAnswers(app);

        Assert.NotEmpty(stored);
        foreach (var personal in ChildrenWorld.SeededSecrets.Concat(["测试童雨雨", "13600004444", ChildrenWorld.ChildName, ChildrenWorld.OtherChildName, "开朗爱笑", "本周想念妈妈", "测试奶奶"]))
            Assert.DoesNotContain(personal, stored);
    }

    [Fact]
    public async Task Replays_of_search_link_and_weekly_note_show_only_what_the_caller_may_see_now()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var search = new { organizationId = w.OrgA, guardianPhone = ChildrenWorld.GuardianPhone };
        var found = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children/search", search, "k-search")).ExpectAsync(200);
        Assert.Equal(1, found["total"]!.GetValue<int>());
        var note = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Put, $"/api/children/{w.ChildId}/weekly-notes/2026-09-01", new { note = "本周想念妈妈" }, "k-note")).ExpectAsync(200);
        Assert.Equal("本周想念妈妈", note.Str("note"));
        var code = (await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201)).Str("code");
        var mother = await app.LogInAsync("mother-of-xingxing");
        var linked = await (await SendAsync(mother, HttpMethod.Post, "/api/me/children", new { code }, "k-link")).ExpectAsync(200);
        Assert.Equal(ChildrenWorld.ChildName, linked.Str("name"));
        var linkReads = Audits(app, w.ChildId, "ListMyChildren");

        // A replayed link answers through the parent's read (audited); a replayed note keeps only which child and week.
        var relinked = await (await SendAsync(mother, HttpMethod.Post, "/api/me/children", new { code }, "k-link")).ExpectAsync(200);
        Assert.Equal(linked.ToJsonString(), relinked.ToJsonString());
        Assert.Equal(linkReads + 1, Audits(app, w.ChildId, "ListMyChildren"));
        var noteAgain = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Put, $"/api/children/{w.ChildId}/weekly-notes/2026-09-01", new { note = "本周想念妈妈" }, "k-note")).ExpectAsync(200);
        Assert.Equal(w.ChildId, noteAgain.Str("childId"));
        Assert.Equal("2026-08-31", noteAgain.Str("weekOf"));
        Assert.Null(noteAgain["note"]);

        // After the deletion request the search is run again and finds nothing; the linked replay still works for a parent.
        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);
        var searchAgain = await (await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children/search", search, "k-search")).ExpectAsync(200);
        Assert.Equal(0, searchAgain["total"]!.GetValue<int>());
        await (await SendAsync(mother, HttpMethod.Post, "/api/me/children", new { code }, "k-link")).ExpectAsync(200);
    }

    [Fact]
    public async Task A_whole_archive_stored_before_this_rule_is_never_replayed()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var body = ChildrenWorld.NewChild(w.OrgA, "测试童旧答", "13600004444");
        var created = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children", body)).ExpectAsync(201);
        var parent = await app.LogInAsync("parent-of-jiuda");
        await ChildrenWorld.LinkAsync(w.TeacherWithGrant, parent, created.Str("id"));
        // What the store held for a create before: the whole answer, keyed by caller + key, with the request's hash.
        var probe = await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-old");
        Assert.Equal(HttpStatusCode.Created, probe.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
            var whole = Encoding.ASCII.GetBytes(cipher.Encrypt(Convert.ToBase64String(Encoding.UTF8.GetBytes(created.ToJsonString()))));
            await scope.ServiceProvider.GetRequiredService<CareDb>().IdempotencyRecords.Where(r => r.Key.EndsWith(":k-old"))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ContentType, "application/json; charset=utf-8").SetProperty(r => r.ResponseBody, whole));
        }
        await (await parent.Http.PostAsync($"/api/children/{created.Str("id")}/deletion-request", null)).ExpectAsync(200);

        var replay = await SendAsync(w.TeacherWithGrant, HttpMethod.Post, "/api/children", body, "k-old");

        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.DoesNotContain(ChildrenWorld.HealthNotes, await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_replayed_pairing_or_contact_names_no_child_from_the_store_and_drops_a_child_whose_guardian_asked_for_deletion()
    {
        var (app, w) = await Pairing.PairingWorld.StartAsync();
        await using var _ = app;
        var organizer = await w.Fresh(w.Organizer);
        var body = new { organizationId = w.Org, mentorIds = new[] { w.Volunteer1.UserId }, childIds = new[] { w.Child1, w.Child2 },
            cadence = new[] { new { kind = "child-contact", times = 2, per = "week" } } };
        var created = await (await SendAsync(organizer, HttpMethod.Post, "/api/pairings", body, "k-pair")).ExpectAsync(201);
        var mentor = await w.Fresh(w.Volunteer1);
        var contact = new { childId = w.Child1, kind = "home-visit", at = "2026-09-01T08:00:00+08:00", outcome = "reached", durationMinutes = 20, notes = "奶奶说起家里欠债的私事" };
        var logged = await (await SendAsync(mentor, HttpMethod.Post, $"/api/pairings/{created.Str("id")}/contacts", contact, "k-contact")).ExpectAsync(201);
        Assert.Equal("奶奶说起家里欠债的私事", logged.Str("notes"));

        var stored = StoredAnswers(app);
        foreach (var personal in new[] { "测试童小禾", "测试童小苗", "欠债" }) Assert.DoesNotContain(personal, stored);

        var replayedContact = await (await SendAsync(mentor, HttpMethod.Post, $"/api/pairings/{created.Str("id")}/contacts", contact, "k-contact")).ExpectAsync(201);
        Assert.Equal(logged.Str("id"), replayedContact.Str("id"));
        Assert.Null(replayedContact["notes"]);
        // Child 2's guardian asks for deletion: the replayed pairing is today's read, without that child.
        var parent = await app.LogInAsync("parent-of-xiaomiao");
        await ChildrenWorld.LinkAsync(await w.Fresh(w.Teacher), parent, w.Child2);
        await (await parent.Http.PostAsync($"/api/children/{w.Child2}/deletion-request", null)).ExpectAsync(200);
        var replayed = await (await SendAsync(organizer, HttpMethod.Post, "/api/pairings", body, "k-pair")).ExpectAsync(201);
        Assert.Equal(created.Str("id"), replayed.Str("id"));
        Assert.Equal(new[] { w.Child1 }, replayed["children"]!.AsArray().Select(c => c!.Str("id")).ToArray());
    }

    [Fact]
    public async Task Every_mutating_route_of_the_child_features_says_what_the_idempotency_store_keeps()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            .ToList();
        var named = endpoints.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().ToHashSet();

        var unclassified = endpoints
            .Where(e => ChildDataAnswers.ChildPrefixes.Any(p => e.RoutePattern.RawText!.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name || !ChildDataAnswers.ByEndpoint.ContainsKey(name))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(unclassified);
        Assert.Empty(ChildDataAnswers.ByEndpoint.Keys.Where(name => !named.Contains(name)));
        Assert.Equal("read-back", ChildDataAnswers.ByEndpoint["CreateChild"].Kind);
    }
}
