using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Pairing;

/// <summary>Pairings over HTTP: the mentor seam, contact logs and cadence in GET, handover, reminders and escalation.</summary>
public sealed class PairingTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static readonly object TwiceWeekly = new { kind = "child-contact", times = 2, per = "week" };

    private static JsonNode Target(JsonNode pairing, string childId, Guid? mentorId = null) =>
        pairing["cadence"]!.AsArray().Single(s => s!["childId"]!.GetValue<string>() == childId
                                                   && (mentorId is null || s["mentorId"]?.GetValue<string>() == mentorId.ToString()))!;

    [Fact]
    public async Task A_mentor_sees_only_the_paired_childs_name_grade_and_hobbies_until_the_pairing_ends()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1], TwiceWeekly);

        var child = await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(200);
        Assert.Equal("测试童小禾", child.Str("name"));
        Assert.Equal("mentor", child.Str("relation"));
        Assert.Null(child["healthNotes"]);
        Assert.Null(child["guardian"]);
        Assert.Equal(["id", "organizationId", "name", "grade", "hobbies", "relation"],
            child.AsObject().Where(p => p.Value is not null).Select(p => p.Key).ToArray());
        await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child2}")).ExpectAsync(404);
        await (await w.Volunteer2.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(404);
        await (await w.Volunteer2.Http.GetAsync($"/api/pairings/{pairing}")).ExpectAsync(404);

        await (await w.Organizer.Http.PostAsync($"/api/pairings/{pairing}/end", null)).ExpectAsync(200);

        await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(404);
    }

    [Fact]
    public async Task A_child_whose_guardian_asks_for_deletion_leaves_the_pairing_pages_reminders_and_contacts_and_erasure_removes_the_notes()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        w.SetClock("2026-09-08T19:30:00");
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "child-contact", "2026-09-08T19:00:00+08:00", notes: "小禾说想妈妈了");
        await w.LogAsync(w.Volunteer1, pairing, w.Child2, "child-contact", "2026-09-08T19:10:00+08:00", notes: "小苗数学进步了");
        var parent = await app.LogInAsync("parent-of-xiaohe");
        await ChildrenWorld.LinkAsync(await w.Fresh(w.Teacher), parent, w.Child1);

        await (await parent.Http.PostAsync($"/api/children/{w.Child1}/deletion-request", null)).ExpectAsync(200);

        var mentor = await w.Fresh(w.Volunteer1);
        foreach (var who in new[] { mentor, await w.Fresh(w.Organizer) })
        {
            var text = await (await who.Http.GetAsync($"/api/pairings/{pairing}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("测试童小禾", text);
            Assert.DoesNotContain(w.Child1, text);
            Assert.Contains("测试童小苗", text);
            var contacts = await (await who.Http.GetAsync($"/api/pairings/{pairing}/contacts")).Content.ReadAsStringAsync();
            Assert.DoesNotContain("想妈妈", contacts);
            Assert.Contains("数学进步", contacts);
        }
        Assert.DoesNotContain("测试童小禾", await (await mentor.Http.GetAsync("/api/me/pairings")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("测试童小禾", await (await mentor.Http.GetAsync($"/api/pairings/{pairing}/card")).Content.ReadAsStringAsync());
        var refused = await (await mentor.Http.PostJsonAsync($"/api/pairings/{pairing}/contacts",
            new { childId = w.Child1, kind = "child-contact", at = "2026-09-08T19:20:00+08:00", outcome = "reached", durationMinutes = 10 })).ExpectAsync(422);
        Assert.Equal("child_not_in_pairing", refused.Str("code"));

        w.SetClock("2026-09-12T09:00:00");   // two days left in the week, one contact missing for each child
        await w.RunCadenceJobAsync();
        var reminder = Assert.Single(w.Outbox("pairing_cadence_reminder"));
        Assert.Contains("测试童小苗", reminder.Body);

        // After the grace period the archive is erased, and the mentor's notes about the child with it.
        app.Clock.Advance(TimeSpan.FromDays(8));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand());
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            Assert.False(await db.ContactLogs.AnyAsync(c => c.ChildId == Guid.Parse(w.Child1)));
            Assert.True(await db.ContactLogs.AnyAsync(c => c.ChildId == Guid.Parse(w.Child2)));
        }
    }

    [Fact]
    public async Task Get_pairing_counts_reached_contacts_and_not_failed_attempts_in_the_current_week()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-07T08:00:00");   // Monday
        var pairing = await w.PairAsync([w.Volunteer1, w.Volunteer2], [w.Child1], TwiceWeekly,
            new { kind = "parent-contact", times = 2, per = "month", countedBy = "per-mentor" });
        w.SetClock("2026-09-13T23:45:00");   // Sunday night
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "child-contact", "2026-09-08T19:00:00+08:00");
        await w.LogAsync(w.Volunteer2, pairing, w.Child1, "child-contact", "2026-09-10T19:00:00+08:00", "tried");
        await w.LogAsync(w.Volunteer2, pairing, w.Child1, "parent-contact", "2026-09-12T20:00:00+08:00");

        var view = await (await (await w.Fresh(w.Organizer)).Http.GetAsync($"/api/pairings/{pairing}")).ExpectAsync(200);
        Assert.Equal(2, view["mentors"]!.AsArray().Count);
        var weekly = view["cadence"]!.AsArray().Single(s => s!["rule"]!["per"]!.GetValue<string>() == "week")!;
        Assert.Equal((2, 1, 1, false), (weekly["due"]!.GetValue<int>(), weekly["done"]!.GetValue<int>(), weekly["remaining"]!.GetValue<int>(), weekly["overdue"]!.GetValue<bool>()));
        Assert.Equal("2026-09-13", weekly.Str("periodEnd"));
        Assert.Equal(1, Target(view, w.Child1, w.Volunteer2.UserId)["done"]!.GetValue<int>());
        Assert.Equal(0, Target(view, w.Child1, w.Volunteer1.UserId)["done"]!.GetValue<int>());

        // A mentor sees their own per-mentor target, not the other mentor's.
        var mine = await (await (await w.Fresh(w.Volunteer1)).Http.GetAsync($"/api/pairings/{pairing}")).ExpectAsync(200);
        Assert.DoesNotContain(mine["cadence"]!.AsArray(), s => s!["mentorId"]?.GetValue<string>() == w.Volunteer2.UserId.ToString());
        await (await (await w.Fresh(w.Volunteer3)).Http.PostJsonAsync($"/api/pairings/{pairing}/contacts",
            new { childId = w.Child1, kind = "child-contact", at = "2026-09-13T10:00:00+08:00" })).ExpectAsync(404);
        await (await (await w.Fresh(w.Volunteer1)).Http.PostJsonAsync($"/api/pairings/{pairing}/contacts",
            new { childId = w.Child2, kind = "child-contact", at = "2026-09-13T10:00:00+08:00" })).ExpectAsync(422);
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Handover_shows_the_new_mentor_the_handover_note_and_not_the_old_private_notes(Engine engine)
    {
        var (app, w) = await PairingWorld.StartAsync(engine);
        await using var _ = app;
        var first = await w.PairAsync([w.Volunteer1], [w.Child1], TwiceWeekly);
        await w.LogAsync(w.Volunteer1, first, w.Child1, "home-visit", "2026-09-01T08:00:00+08:00", notes: "奶奶说起家里欠债的私事");

        var next = await (await w.Organizer.Http.PostJsonAsync($"/api/pairings/{first}/handover",
            new { mentorIds = new[] { w.Volunteer2.UserId }, note = "孩子喜欢画画，周三下午方便联系" })).ExpectAsync(201);
        var nextId = next.Str("id");

        var seen = await (await w.Volunteer2.Http.GetAsync($"/api/pairings/{nextId}")).ExpectAsync(200);
        Assert.Equal("孩子喜欢画画，周三下午方便联系", seen.Str("handoverNote"));
        Assert.Null(seen["previousPairingId"]);
        var contacts = await (await w.Volunteer2.Http.GetAsync($"/api/pairings/{nextId}/contacts")).ExpectAsync(200);
        Assert.Equal(0, contacts["total"]!.GetValue<int>());
        await (await w.Volunteer2.Http.GetAsync($"/api/pairings/{first}/contacts")).ExpectAsync(404);
        await (await w.Volunteer2.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(200);
        await (await w.Volunteer1.Http.GetAsync($"/api/children/{w.Child1}")).ExpectAsync(404);

        // The organisation keeps the history.
        var history = await (await w.Organizer.Http.GetAsync($"/api/pairings/{first}/contacts")).ExpectAsync(200);
        Assert.Equal("奶奶说起家里欠债的私事", history["items"]![0]!.Str("notes"));
        Assert.Equal(first, (await (await w.Organizer.Http.GetAsync($"/api/pairings/{nextId}")).ExpectAsync(200)).Str("previousPairingId"));
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_mentor_is_reminded_before_the_week_ends_and_organizers_are_told_after_it_ended_unmet_exactly_once_each(Engine engine)
    {
        var (app, w) = await PairingWorld.StartAsync(engine);
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");   // Sunday before the week of 7–13 September
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1], TwiceWeekly);
        w.SetClock("2026-09-08T19:30:00");
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "child-contact", "2026-09-08T19:00:00+08:00");

        w.SetClock("2026-09-11T23:00:00");   // Friday: more than two days left, no reminder yet
        await w.RunCadenceJobAsync();
        Assert.Empty(w.Outbox("pairing_cadence_reminder"));

        w.SetClock("2026-09-12T09:00:00");   // Saturday: two days left, one contact missing
        await w.RunCadenceJobAsync();
        await w.RunCadenceJobAsync();
        var reminder = Assert.Single(w.Outbox("pairing_cadence_reminder"));
        Assert.Equal(w.Volunteer1.UserId, reminder.Recipient);
        Assert.Contains("还差1次", reminder.Body);
        Assert.Empty(w.Outbox("pairing_cadence_escalation"));

        w.SetClock("2026-09-14T08:00:00");   // Monday: the week ended unmet
        await w.RunCadenceJobAsync();
        w.SetClock("2026-09-14T09:00:00");
        await w.RunCadenceJobAsync();
        var escalation = Assert.Single(w.Outbox("pairing_cadence_escalation"));
        Assert.Equal(w.Organizer.UserId, escalation.Recipient);
        Assert.Contains("测试童小禾", escalation.Body);
        Assert.Contains("只完成1次", escalation.Body);
        Assert.Single(w.Outbox("pairing_cadence_reminder"));
    }

    [Fact]
    public async Task Both_pairings_of_a_child_are_reminded_once_and_saving_unchanged_defaults_reminds_nobody_again()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        async Task SaveDefaultsAsync() => await (await (await w.Fresh(w.Organizer)).Http.PutJsonAsync(
            $"/api/organizations/{w.Org}/cadence-defaults", new { cadence = new[] { TwiceWeekly } })).ExpectAsync(200);
        await SaveDefaultsAsync();
        await w.PairAsync([w.Volunteer1], [w.Child1]);   // e.g. a university volunteer
        await w.PairAsync([w.Volunteer2], [w.Child1]);   // and a teacher, each on the organisation's defaults

        w.SetClock("2026-09-12T09:00:00");   // Saturday: two days left, nothing done
        await w.RunCadenceJobAsync();
        await SaveDefaultsAsync();
        w.SetClock("2026-09-12T10:00:00");
        await w.RunCadenceJobAsync();

        var reminders = w.Outbox("pairing_cadence_reminder");
        Assert.Equal(new[] { w.Volunteer1.UserId, w.Volunteer2.UserId }.Order(), reminders.Select(r => r.Recipient).Order());
    }

    [Fact]
    public async Task A_week_met_by_a_contact_at_23_30_on_Sunday_is_neither_reminded_again_nor_escalated()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1], new { kind = "child-contact", times = 1, per = "week" });
        w.SetClock("2026-09-13T23:40:00");
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "child-contact", "2026-09-13T23:30:00+08:00");

        w.SetClock("2026-09-14T08:00:00");
        await w.RunCadenceJobAsync();

        Assert.Empty(w.Outbox("pairing_cadence_escalation"));
    }

    [Fact]
    public async Task A_failed_attempt_brings_one_suggestion_to_try_again_a_few_days_later()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], new { kind = "parent-contact", times = 1, per = "month" });
        await w.LogAsync(w.Volunteer1, pairing, w.Child1, "parent-contact", "2026-09-01T08:00:00+08:00", "tried");
        await w.LogAsync(w.Volunteer1, pairing, w.Child2, "parent-contact", "2026-09-01T08:05:00+08:00", "tried");
        await w.LogAsync(w.Volunteer1, pairing, w.Child2, "parent-contact", "2026-09-01T08:30:00+08:00");

        w.SetClock("2026-09-03T10:00:00");
        await w.RunCadenceJobAsync();
        Assert.Empty(w.Outbox("pairing_retry_suggestion"));

        w.SetClock("2026-09-04T10:00:00");
        await w.RunCadenceJobAsync();
        await w.RunCadenceJobAsync();
        var suggestion = Assert.Single(w.Outbox("pairing_retry_suggestion"));
        Assert.Contains("测试童小禾", suggestion.Body);
    }
}
