using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Pairing;

/// <summary>What organizers look at: overdue pairings, unpaired children, early warnings with reasons; the card; class talks.</summary>
public sealed class OrganizerViewTests
{
    [Fact]
    public async Task Organizers_see_each_child_needing_attention_with_the_reason()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-06T20:00:00");
        var lapsing = await w.PairAsync([w.Volunteer1], [w.Child1], new { kind = "child-contact", times = 2, per = "week" });
        var keeping = await w.PairAsync([w.Volunteer2], [w.Child3], new { kind = "child-contact", times = 1, per = "week" });
        w.SetClock("2026-09-11T18:00:00");
        await w.LogAsync(w.Volunteer2, keeping, w.Child3, "child-contact", "2026-09-08T19:00:00+08:00");
        var teacher = await w.Fresh(w.Teacher);
        foreach (var date in new[] { "2026-09-10", "2026-09-11" })
            await (await teacher.Http.PostJsonAsync("/api/attendance", new
            {
                organizationId = w.Org, date, place = "school", entries = new[] { new { childId = w.Child3, status = "absent" } },
            })).ExpectAsync(200);

        w.SetClock("2026-09-14T10:00:00");   // Monday after the week of 7–13 September
        var organizer = await w.Fresh(w.Organizer);

        var overdue = (await (await organizer.Http.GetAsync($"/api/pairings/overdue?organizationId={w.Org}")).ExpectAsync(200))["items"]!.AsArray();
        var entry = Assert.Single(overdue)!;
        Assert.Equal(lapsing, entry.Str("pairingId"));
        Assert.Contains(entry["reasons"]!.AsArray(), r => r!.GetValue<string>().Contains("上期（9月7日至9月13日）只完成0次"));

        var unpaired = (await (await organizer.Http.GetAsync($"/api/pairings/unpaired-children?organizationId={w.Org}")).ExpectAsync(200))["items"]!.AsArray();
        Assert.Equal([w.Child2], unpaired.Select(c => c!.Str("childId")).ToArray());

        var secondPage = await (await organizer.Http.GetAsync($"/api/pairings/early-warnings?organizationId={w.Org}&page=2&pageSize=2")).ExpectAsync(200);
        Assert.Equal(3, secondPage["total"]!.GetValue<int>());   // a page of the list, like every list route
        Assert.Single(secondPage["items"]!.AsArray());
        var warnings = (await (await organizer.Http.GetAsync($"/api/pairings/early-warnings?organizationId={w.Org}")).ExpectAsync(200))["items"]!.AsArray()
            .ToDictionary(x => x!.Str("childId"), x => x!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings[w.Child1], r => r.Contains("只完成0次"));
        Assert.Equal(["没有进行中的结对"], warnings[w.Child2]);
        Assert.Equal(["出勤下降：近两周缺勤2次（此前两周0次）"], warnings[w.Child3]);

        await (await (await w.Fresh(w.Volunteer1)).Http.GetAsync($"/api/pairings/overdue?organizationId={w.Org}")).ExpectAsync(403);
    }

    [Fact]
    public async Task A_child_whose_parent_leaves_the_schools_notices_unread_is_on_the_early_warning_list()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        w.SetClock("2026-09-01T09:00:00");
        await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2, w.Child3]);
        var (reader, ignorer, unconfirmed) = (await app.LogInAsync("parent-reads"), await app.LogInAsync("parent-ignores"), await app.LogInAsync("parent-unconfirmed"));
        await ChildrenWorld.LinkAsync(w.Teacher, reader, w.Child1);
        await ChildrenWorld.LinkAsync(w.Teacher, ignorer, w.Child2);
        await ChildrenWorld.LinkAsync(w.Teacher, unconfirmed, w.Child3);
        var notices = new List<(string Id, bool Confirm)>();
        foreach (var (title, confirm) in new[] { ("开学安全须知", false), ("秋季家长会", true), ("国庆放假安排", true) })
            notices.Add(((await (await w.Organizer.Http.PostJsonAsync("/api/notices", new
            {
                organizationId = w.Org, title, body = "请各位家长查看。", audience = new { kind = "parents" }, requiresConfirmation = confirm,
            })).ExpectAsync(201)).Str("id"), confirm));
        foreach (var (id, confirm) in notices)
        {
            await (await reader.Http.PostAsync($"/api/notices/{id}/{(confirm ? "confirm" : "read")}", null)).ExpectAsync(200);
            await (await unconfirmed.Http.PostAsync($"/api/notices/{id}/read", null)).ExpectAsync(200);
        }

        w.SetClock("2026-09-03T09:00:00");   // two days: not yet ignored
        Assert.Empty(await WarningsAsync());

        w.SetClock("2026-09-05T09:00:00");
        var warnings = await WarningsAsync();
        Assert.Equal(["家长有3条通知超过3天未读或未确认"], warnings[w.Child2]);
        Assert.Equal(["家长有2条通知超过3天未读或未确认"], warnings[w.Child3]);   // read, but two asked for a confirmation
        Assert.False(warnings.ContainsKey(w.Child1));

        async Task<Dictionary<string, List<string>>> WarningsAsync() =>
            (await (await (await w.Fresh(w.Organizer)).Http.GetAsync($"/api/pairings/early-warnings?organizationId={w.Org}")).ExpectAsync(200))["items"]!.AsArray()
            .ToDictionary(x => x!.Str("childId"), x => x!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task The_pairing_card_is_printable_html_for_its_members_only_and_shows_the_organisations_default_duties()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        await (await w.Organizer.Http.PutJsonAsync($"/api/organizations/{w.Org}/cadence-defaults", new
        {
            cadence = new object[] { new { kind = "child-contact", times = 2, per = "week" }, new { kind = "home-visit", times = 2, per = "two-months" } },
        })).ExpectAsync(200);
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2]);

        var response = await w.Volunteer1.Http.GetAsync($"/api/pairings/{pairing}/card");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("爱心结对卡", html);
        Assert.Contains("测试童小禾（4年级）", html);
        Assert.Contains("每周与孩子交流2次", html);
        Assert.Contains("每两个月家访2次", html);
        Assert.DoesNotContain("13800000001", html);
        await (await w.Volunteer2.Http.GetAsync($"/api/pairings/{pairing}/card")).ExpectAsync(404);
    }

    [Fact]
    public async Task A_teacher_owes_one_talk_record_per_child_per_month_and_is_reminded_of_the_missing_ones()
    {
        var (app, w) = await PairingWorld.StartAsync();
        await using var _ = app;
        var created = await (await w.Organizer.Http.PostJsonAsync("/api/pairings/class-talks",
            new { organizationId = w.Org, teacherId = w.Teacher.UserId, className = "四年级二班" })).ExpectAsync(201);
        var pairing = created.Str("id");
        Assert.Equal(3, created["children"]!.AsArray().Count);
        await w.LogAsync(w.Teacher, pairing, w.Child1, "talk", "2026-09-01T08:30:00+08:00", notes: "聊了开学适应情况");

        var view = await (await (await w.Fresh(w.Teacher)).Http.GetAsync($"/api/pairings/{pairing}")).ExpectAsync(200);
        var done = view["cadence"]!.AsArray().ToDictionary(s => s!.Str("childId"), s => s!["done"]!.GetValue<int>());
        Assert.Equal(1, done[w.Child1]);
        Assert.Equal(0, done[w.Child2]);

        w.SetClock("2026-09-26T09:00:00");   // five days before the month ends
        await w.RunCadenceJobAsync();
        await w.RunCadenceJobAsync();
        var reminders = w.Outbox("pairing_cadence_reminder");
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(w.Teacher.UserId, r.Recipient));
        Assert.DoesNotContain(reminders, r => r.Body.Contains("测试童小禾"));
    }
}
