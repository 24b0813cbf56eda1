using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Pairing;

/// <summary>
/// Who may look at a pairing and its children, and what stays behind: former mentors, platform admins without a
/// membership, children who left or whose consent is outdated, erasure.
/// </summary>
public sealed class PairingPrivacyTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static readonly object TwiceWeekly = new { kind = "child-contact", times = 2, per = "week" };

    [Fact]
    public async Task A_former_mentor_gets_404_for_the_pairing_its_card_and_its_contacts_after_a_handover_or_an_end()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        var handedOver = await w.PairAsync([w.Volunteer1, w.Volunteer3], [w.Child1], TwiceWeekly);
        await w.LogAsync(w.Volunteer3, handedOver, w.Child1, "home-visit", "2026-09-01T08:00:00+08:00", notes: "奶奶说起家里欠债的私事");
        await (await w.Organizer.Http.PostJsonAsync($"/api/pairings/{handedOver}/handover",
            new { mentorIds = new[] { w.Volunteer2.UserId }, note = "交接" })).ExpectAsync(201);
        var ended = await w.PairAsync([w.Volunteer1], [w.Child2], TwiceWeekly);
        await (await w.Organizer.Http.PostAsync($"/api/pairings/{ended}/end", null)).ExpectAsync(200);
        var audits = (AuditCount(app, w.Child1), AuditCount(app, w.Child2));

        foreach (var (former, pairing) in new[] { (w.Volunteer1, handedOver), (w.Volunteer3, handedOver), (w.Volunteer1, ended) })
        {
            var http = (await w.Fresh(former)).Http;
            foreach (var path in new[] { "", "/card", "/contacts" })
            {
                var response = await http.GetAsync($"/api/pairings/{pairing}{path}");
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode == 404, $"{former.Name} GET {path}: {(int)response.StatusCode} {text}");
                Assert.DoesNotContain("测试童", text);
                Assert.DoesNotContain("欠债", text);
            }
            await (await http.PostJsonAsync($"/api/pairings/{pairing}/contacts",
                new { childId = pairing == ended ? w.Child2 : w.Child1, kind = "child-contact", at = "2026-09-01T09:00:00+08:00" })).ExpectAsync(404);
        }
        Assert.Equal(audits, (AuditCount(app, w.Child1), AuditCount(app, w.Child2)));

        // The organisation keeps the history.
        var organizer = await w.Fresh(w.Organizer);
        Assert.Contains("测试童小禾", await (await organizer.Http.GetAsync($"/api/pairings/{handedOver}")).Content.ReadAsStringAsync());
        var history = await (await organizer.Http.GetAsync($"/api/pairings/{handedOver}/contacts")).ExpectAsync(200);
        Assert.Equal("奶奶说起家里欠债的私事", history["items"]![0]!.Str("notes"));
    }

    [Fact]
    public async Task A_platform_admin_without_a_membership_sees_no_pairing_no_private_notes_and_no_organizer_list()
    {
        await using var app = new CareApp
        {
            Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false", ["Care:AdminOpenIds:1"] = FakeWechatServer.SandboxOpenId("outside-admin") },
        };
        await app.InitializeAsync();
        var w = await PairingWorld.CreateAsync(app);
        w.SetClock("2026-09-06T20:00:00");
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1], TwiceWeekly);
        w.SetClock("2026-09-08T19:30:00");
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "home-visit", "2026-09-08T19:00:00+08:00", notes: "奶奶说起家里欠债的私事");
        w.SetClock("2026-09-14T10:00:00");   // the week ended unmet: the pairing is overdue
        var outside = await app.LogInAsync("outside-admin");
        Assert.True((await (await outside.Http.GetAsync("/api/me")).ExpectAsync(200))["isPlatformAdmin"]!.GetValue<bool>());
        var audits = new[] { w.Child1, w.Child2, w.Child3 }.Select(c => AuditCount(app, c)).ToList();

        async Task RefusedAsync(Task<HttpResponseMessage> call, int status)
        {
            var response = await call;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("测试童", text);
            Assert.DoesNotContain("欠债", text);
        }
        await RefusedAsync(outside.Http.GetAsync($"/api/pairings/{pairing}"), 404);
        await RefusedAsync(outside.Http.GetAsync($"/api/pairings/{pairing}/card"), 404);
        await RefusedAsync(outside.Http.GetAsync($"/api/pairings/{pairing}/contacts"), 404);
        await RefusedAsync(outside.Http.PostAsync($"/api/pairings/{pairing}/end", null), 404);
        await RefusedAsync(outside.Http.PostJsonAsync($"/api/pairings/{pairing}/handover", new { mentorIds = new[] { w.Volunteer2.UserId } }), 404);
        foreach (var list in new[] { "overdue", "unpaired-children", "early-warnings" })
            await RefusedAsync(outside.Http.GetAsync($"/api/pairings/{list}?organizationId={w.Org}"), 403);
        await RefusedAsync(outside.Http.PostJsonAsync("/api/pairings",
            new { organizationId = w.Org, mentorIds = new[] { w.Volunteer2.UserId }, childIds = new[] { w.Child2 } }), 403);
        await RefusedAsync(outside.Http.PostJsonAsync("/api/pairings/class-talks",
            new { organizationId = w.Org, teacherId = w.Teacher.UserId, className = "四年级二班" }), 403);
        Assert.Equal(audits, new[] { w.Child1, w.Child2, w.Child3 }.Select(c => AuditCount(app, c)).ToList());

        // The organisation's own organizer still sees all of it.
        var organizer = await w.Fresh(w.Organizer);
        await (await organizer.Http.GetAsync($"/api/pairings/{pairing}/contacts")).ExpectAsync(200);
        Assert.Single((await (await organizer.Http.GetAsync($"/api/pairings/overdue?organizationId={w.Org}")).ExpectAsync(200))["items"]!.AsArray());
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_mentor_no_longer_sees_the_archive_of_a_child_who_left(Engine engine)
    {
        var (app, w) = await PairingWorld.StartAsync(engine);
        await using var _ = app;
        await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(200);

        await (await w.Teacher.Http.PostAsync($"/api/children/{w.Child1}/leave", null)).ExpectAsync(200);

        var audits = AuditCount(app, w.Child1);
        var refused = await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child1}");
        Assert.Equal(404, (int)refused.StatusCode);
        Assert.DoesNotContain("测试童小禾", await refused.Content.ReadAsStringAsync());
        Assert.Equal(audits, AuditCount(app, w.Child1));
        Assert.DoesNotContain("测试童小禾", await (await w.Volunteer1.Http.GetAsync("/api/me/pairings")).Content.ReadAsStringAsync());
        // The other child of the pairing, and the school's staff, are unaffected.
        await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child2}")).ExpectAsync(200);
        await (await w.Teacher.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(200);
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_child_whose_consent_predates_the_current_policy_drops_out_of_pairings_and_takes_no_new_contact(Engine engine)
    {
        var (app, w) = await PairingWorld.StartAsync(engine);
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        w.SetClock("2026-09-08T19:30:00");
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "child-contact", "2026-09-08T19:00:00+08:00", notes: "小禾说想妈妈了");
        await w.LogAsync(w.Volunteer1, pairing, w.Child2, "child-contact", "2026-09-08T19:10:00+08:00", notes: "小苗数学进步了");
        await ConsentUnderOldPolicyAsync(app, w.Child1, w.Child3);

        var mentor = await w.Fresh(w.Volunteer1);
        var organizer = await w.Fresh(w.Organizer);
        Assert.Equal("guardian_consent_outdated", (await (await mentor.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(422)).Str("code"));
        foreach (var who in new[] { mentor, organizer })
        {
            var text = await (await who.Http.GetAsync($"/api/pairings/{pairing}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("测试童小禾", text);
            Assert.DoesNotContain(w.Child1, text);
            Assert.Contains("测试童小苗", text);
            var contacts = await (await who.Http.GetAsync($"/api/pairings/{pairing}/contacts")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("想妈妈", contacts);
            Assert.Contains("数学进步", contacts);
            Assert.DoesNotContain("测试童小禾", await (await who.Http.GetAsync($"/api/pairings/{pairing}/card")).Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain("测试童小禾", await (await mentor.Http.GetAsync("/api/me/pairings")).Content.ReadAsStringAsync());
        var refused = await (await mentor.Http.PostJsonAsync($"/api/pairings/{pairing}/contacts",
            new { childId = w.Child1, kind = "child-contact", at = "2026-09-08T19:20:00+08:00", outcome = "reached", durationMinutes = 10 })).ExpectAsync(422);
        Assert.Equal("guardian_consent_outdated", refused.Str("code"));

        // Organizers cannot pair the child either, and their lists leave it out (Child3 is unpaired, Child1 paired).
        Assert.Equal("pairing_member_invalid", (await (await organizer.Http.PostJsonAsync("/api/pairings",
            new { organizationId = w.Org, mentorIds = new[] { w.Volunteer2.UserId }, childIds = new[] { w.Child3 } })).ExpectAsync(422)).Str("code"));
        foreach (var list in new[] { "unpaired-children", "early-warnings", "overdue" })
        {
            var text = await (await organizer.Http.GetAsync($"/api/pairings/{list}?organizationId={w.Org}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("测试童小禾", text);
            Assert.DoesNotContain("测试童小树", text);
        }

        w.SetClock("2026-09-12T09:00:00");   // two days left in the week, one contact missing for each child
        await w.RunCadenceJobAsync();
        var reminder = Assert.Single(w.Outbox("pairing_cadence_reminder"));
        Assert.Contains("测试童小苗", reminder.Body);
        w.SetClock("2026-09-14T09:00:00");   // the week ended unmet
        await w.RunCadenceJobAsync();
        Assert.DoesNotContain("测试童小禾", Assert.Single(w.Outbox("pairing_cadence_escalation")).Body);
    }

    [Fact]
    public async Task Pairing_pages_cards_and_organizer_lists_write_one_audit_row_per_child_they_show()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var before = ReadIds(app);
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1], TwiceWeekly);
        Assert.Equal([(w.Child1, "staff", "name,pairing", "CreatePairing")], NewReads(app, before));
        var parent = await app.LogInAsync("parent-of-xiaohe");
        await ChildrenWorld.LinkAsync(await w.Fresh(w.Teacher), parent, w.Child1);
        w.SetClock("2026-09-14T10:00:00");   // the week ended unmet: the pairing is overdue; Child2 and Child3 are unpaired
        var (mentor, organizer) = (await w.Fresh(w.Volunteer1), await w.Fresh(w.Organizer));

        async Task<List<(string Child, string Relation, string Fields, string Purpose)>> ReadAsync(UserClient who, string url)
        {
            var known = ReadIds(app);
            var response = await who.Http.GetAsync(url);   // the card is HTML
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return NewReads(app, known);
        }
        Assert.Equal([(w.Child1, "mentor", "name,pairing", "GetPairing")], await ReadAsync(mentor, $"/api/pairings/{pairing}"));
        Assert.Equal([(w.Child1, "staff", "name,pairing", "GetPairing")], await ReadAsync(organizer, $"/api/pairings/{pairing}"));
        Assert.Equal([(w.Child1, "mentor", "name,grade", "GetPairingCard")], await ReadAsync(mentor, $"/api/pairings/{pairing}/card"));
        Assert.Equal([(w.Child1, "mentor", "name,pairing", "ListMyPairings")], await ReadAsync(mentor, "/api/me/pairings"));
        Assert.Equal([(w.Child1, "staff", "name,pairing", "ListOverduePairings")],
            await ReadAsync(organizer, $"/api/pairings/overdue?organizationId={w.Org}"));
        // A list writes rows for the children on the page it answers, not for the whole list.
        var unpaired = new List<string>();
        foreach (var page in new[] { 1, 2 })
        {
            var read = Assert.Single(await ReadAsync(organizer, $"/api/pairings/unpaired-children?organizationId={w.Org}&page={page}&pageSize=1"));
            Assert.Equal(("staff", "name,className,pairing", "ListUnpairedChildren"), (read.Relation, read.Fields, read.Purpose));
            unpaired.Add(read.Child);
        }
        Assert.Equal(new[] { w.Child2, w.Child3 }.Order(), unpaired.Order());
        var warnings = await ReadAsync(organizer, $"/api/pairings/early-warnings?organizationId={w.Org}&pageSize=2");
        Assert.Equal(2, warnings.Count);
        Assert.Equal(2, warnings.Select(r => r.Child).Distinct().Count());
        Assert.All(warnings, r => Assert.Equal(("staff", "name,className,pairing", "ListEarlyWarnings"), (r.Relation, r.Fields, r.Purpose)));
        // Refused reads show nothing and write nothing.
        Assert.Empty(await ReadRefusedAsync(await w.Fresh(w.Volunteer2), $"/api/pairings/{pairing}", 404));
        Assert.Empty(await ReadRefusedAsync(await w.Fresh(w.Volunteer2), $"/api/pairings/unpaired-children?organizationId={w.Org}", 403));

        // The guardian reads every one of them as a Chinese sentence.
        var log = (await (await (await w.Fresh(parent)).Http.GetAsync($"/api/children/{w.Child1}/reads?pageSize=100")).ExpectAsync(200))["items"]!.AsArray();
        foreach (var purpose in new[] { "CreatePairing", "GetPairing", "GetPairingCard", "ListMyPairings", "ListOverduePairings" })
            Assert.Contains(log, item => item!.Str("purpose") == purpose);
        foreach (var item in log)
        {
            var reader = item!["readerName"]?.GetValue<string>();
            var sentence = string.IsNullOrEmpty(reader) ? item.Str("description") : item.Str("description").Replace(reader, "");
            Assert.DoesNotMatch("[A-Za-z]", sentence);
        }

        async Task<List<(string, string, string, string)>> ReadRefusedAsync(UserClient who, string url, int status)
        {
            var known = ReadIds(app);
            await (await who.Http.GetAsync(url)).ExpectAsync(status);
            return NewReads(app, known);
        }
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Erasing_a_child_removes_the_pairing_messages_notes_and_handover_note_that_name_it(Engine engine)
    {
        var (app, w) = await PairingWorld.StartAsync(engine);
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var shared = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        var other = await w.PairAsync([w.Volunteer2], [w.Child3], TwiceWeekly);
        w.SetClock("2026-09-08T19:30:00");
        await w.LogAsync(w.Volunteer1, shared, w.Child1, "child-contact", "2026-09-08T19:00:00+08:00", "tried", notes: "小禾家电话没人接");
        w.SetClock("2026-09-12T09:00:00");   // two days left: reminders for all three children, a suggestion to call 小禾 again
        await w.RunCadenceJobAsync();
        w.SetClock("2026-09-14T09:00:00");   // the week ended unmet: one escalation per pairing
        await w.RunCadenceJobAsync();
        Assert.Contains(w.Outbox("pairing_retry_suggestion"), m => m.Body.Contains("测试童小禾"));
        Assert.Contains(w.Outbox("pairing_cadence_reminder"), m => m.Body.Contains("测试童小禾"));
        Assert.Contains(w.Outbox("pairing_cadence_escalation"), m => m.Body.Contains("测试童小禾"));
        var next = (await (await (await w.Fresh(w.Organizer)).Http.PostJsonAsync($"/api/pairings/{shared}/handover",
            new { mentorIds = new[] { w.Volunteer3.UserId }, note = "小禾怕黑，晚上打电话要先找奶奶" })).ExpectAsync(201)).Str("id");

        var parent = await app.LogInAsync("parent-of-xiaohe");
        await ChildrenWorld.LinkAsync(await w.Fresh(w.Teacher), parent, w.Child1);
        await (await parent.Http.PostAsync($"/api/children/{w.Child1}/deletion-request", null)).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromDays(8));
        using (var scope = app.Services.CreateScope())
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand())).ChildrenErased);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var texts = (await db.Outbox.AsNoTracking().Select(m => m.Title + m.Body).ToListAsync())
                .Concat(await db.Inbox.AsNoTracking().Select(m => m.Title + m.Body).ToListAsync()).ToList();
            Assert.DoesNotContain(texts, t => t.Contains("测试童小禾") || t.Contains("小禾"));
            var child1 = Guid.Parse(w.Child1);
            Assert.False(await db.ContactLogs.AnyAsync(c => c.ChildId == child1));
            Assert.Empty(await db.Pairings.AsNoTracking().Where(p => p.HandoverNote != null).Select(p => p.Id).ToListAsync());
            // Messages about the other children, keyed by their own ids, stay: the reminder about 小苗 and all of the other pairing's.
            Assert.Contains(texts, t => t.Contains("测试童小苗"));
            var otherLink = $"pages/pairing/detail?id={other}";
            Assert.Equal(2, await db.Inbox.CountAsync(m => m.Link!.StartsWith(otherLink)));   // the reminder and the escalation
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Link!.StartsWith(otherLink)));
        }
        // The new pairing goes on for the other child.
        var page = await (await (await w.Fresh(w.Volunteer3)).Http.GetAsync($"/api/pairings/{next}")).ExpectAsync(200);
        Assert.Equal([w.Child2], page["children"]!.AsArray().Select(c => c!.Str("id")));
    }

    private static HashSet<Guid> ReadIds(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CareDb>().ChildReadAudits.AsNoTracking().Select(a => a.Id).ToHashSet();
    }

    private static List<(string Child, string Relation, string Fields, string Purpose)> NewReads(CareApp app, HashSet<Guid> known)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CareDb>().ChildReadAudits.AsNoTracking().AsEnumerable().Where(a => !known.Contains(a.Id))
            .OrderBy(a => a.Id).Select(a => (a.ChildId.ToString(), a.Relation, a.Fields, a.Purpose)).ToList();
    }

    private static async Task ConsentUnderOldPolicyAsync(CareApp app, params string[] childIds)
    {
        using var scope = app.Services.CreateScope();
        var ids = childIds.Select(Guid.Parse).ToList();
        await scope.ServiceProvider.GetRequiredService<CareDb>().Children.Where(c => ids.Contains(c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsentPolicyVersion, "2025-01"));
    }

    internal static int AuditCount(CareApp app, string childId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(childId);
        return db.ChildReadAudits.AsNoTracking().Count(a => a.ChildId == id);
    }
}
