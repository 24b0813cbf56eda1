using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

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

    internal static int AuditCount(CareApp app, string childId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(childId);
        return db.ChildReadAudits.AsNoTracking().Count(a => a.ChildId == id);
    }
}
