using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Notices;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

// The three lists are built whole, then paged; each is an audited read of the children on the page answered, one row
// per child (PairingReads), by staff: organizers need a membership of the organisation.

/// <summary>Active pairings of the organisation behind on a rule now, or whose last period ended unmet; each with why.</summary>
public sealed record ListOverduePairingsQuery(Guid CallerId, Guid OrganizationId, PageRequest Paging) : IQuery<Page<OverduePairingView>>;

public sealed record OverduePairingView(Guid PairingId, IReadOnlyList<MemberView> Mentors, IReadOnlyList<MemberView> Children, IReadOnlyList<string> Reasons);

/// <summary>Active children of the organisation with no active pairing.</summary>
public sealed record ListUnpairedChildrenQuery(Guid CallerId, Guid OrganizationId, PageRequest Paging) : IQuery<Page<UnpairedChildView>>;

public sealed record UnpairedChildView(Guid ChildId, string Name, string ClassName);

/// <summary>
/// Children to look at now, each with the reasons: no active pairing, cadence lapses, falling attendance, and parents who
/// leave the school's notices unread (or unconfirmed, where a confirmation was asked).
/// </summary>
public sealed record ListEarlyWarningsQuery(Guid CallerId, Guid OrganizationId, PageRequest Paging) : IQuery<Page<EarlyWarningView>>;

public sealed record EarlyWarningView(Guid ChildId, string Name, string ClassName, IReadOnlyList<string> Reasons);

public sealed class OrganizerViewsHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) :
    IQueryHandler<ListOverduePairingsQuery, Page<OverduePairingView>>,
    IQueryHandler<ListUnpairedChildrenQuery, Page<UnpairedChildView>>,
    IQueryHandler<ListEarlyWarningsQuery, Page<EarlyWarningView>>
{
    public const int AttendanceWindowDays = 14;
    /// <summary>A notice counts as ignored once it has been out this long without being read (or confirmed, if asked).</summary>
    public const int UnreadNoticeGraceDays = 3;
    /// <summary>Only notices of the last month: a parent who has been reading again drops off the list.</summary>
    public const int UnreadNoticeWindowDays = 30;
    /// <summary>One missed notice is ordinary; two or more is a parent the school is not reaching.</summary>
    public const int UnreadNoticesToWarn = 2;

    public async ValueTask<Page<OverduePairingView>> Handle(ListOverduePairingsQuery query, CancellationToken ct)
    {
        await db.RequireStaffAsync(query.CallerId, query.OrganizationId, ct, Access.Organizers);
        var lapses = await LapsesAsync(query.OrganizationId, ct);
        var pairings = lapses.GroupBy(l => l.Pairing.Id).ToList();
        var mentorNames = await db.UserNamesAsync(pairings.SelectMany(g => g.First().Pairing.Mentors.Select(m => m.UserId)), ct);
        var childNames = await db.ChildNamesAsync(pairings.SelectMany(g => g.First().Pairing.Children.Select(c => c.ChildId)), Policy, ct);
        var page = Page.Of(pairings.Select(g =>
        {
            var p = g.First().Pairing;
            return new OverduePairingView(p.Id,
                p.Mentors.Select(m => new MemberView(m.UserId, mentorNames.GetValueOrDefault(m.UserId, "结对人"))).ToList(),
                p.Children.Where(c => childNames.ContainsKey(c.ChildId)).Select(c => new MemberView(c.ChildId, childNames[c.ChildId])).ToList(),
                g.Select(l => $"{childNames.GetValueOrDefault(l.ChildId, "孩子")}：{l.Reason}").ToList());
        }).ToList(), query.Paging);
        db.AuditChildReads(page.Items.SelectMany(p => p.Children.Select(c => c.Id)), query.CallerId, "staff", PairingReads.PageFields,
            PairingReads.ListOverduePairings, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return page;
    }

    public async ValueTask<Page<UnpairedChildView>> Handle(ListUnpairedChildrenQuery query, CancellationToken ct)
    {
        await db.RequireStaffAsync(query.CallerId, query.OrganizationId, ct, Access.Organizers);
        var children = Unpaired(query.OrganizationId);
        var total = await children.CountAsync(ct);
        var rows = await children.OrderBy(c => c.ClassName).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take)
            .Select(c => new UnpairedChildView(c.Id, c.Name, c.ClassName)).ToListAsync(ct);
        db.AuditChildReads(rows.Select(c => c.ChildId), query.CallerId, "staff", ["name", "className", PairingReads.PairingField],
            PairingReads.ListUnpairedChildren, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new Page<UnpairedChildView>(rows, total);
    }

    public async ValueTask<Page<EarlyWarningView>> Handle(ListEarlyWarningsQuery query, CancellationToken ct)
    {
        await db.RequireStaffAsync(query.CallerId, query.OrganizationId, ct, Access.Organizers);
        var reasons = new Dictionary<Guid, List<string>>();
        // Per child, the fields its reasons show besides name and class (for its audit row).
        var fields = new Dictionary<Guid, List<string>>();
        void Add(Guid child, string reason, string field)
        {
            (reasons.TryGetValue(child, out var list) ? list : reasons[child] = []).Add(reason);
            var shown = fields.TryGetValue(child, out var f) ? f : fields[child] = ["name", "className"];
            if (!shown.Contains(field)) shown.Add(field);
        }

        foreach (var id in await Unpaired(query.OrganizationId).Select(c => c.Id).ToListAsync(ct)) Add(id, "没有进行中的结对", PairingReads.PairingField);
        foreach (var lapse in await LapsesAsync(query.OrganizationId, ct)) Add(lapse.ChildId, lapse.Reason, PairingReads.PairingField);

        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var recentFrom = today.AddDays(-AttendanceWindowDays + 1);
        var earlierFrom = recentFrom.AddDays(-AttendanceWindowDays);
        var absences = await db.AttendanceRecords.AsNoTracking()
            .Where(a => a.OrganizationId == query.OrganizationId && a.Status == AttendanceStatus.Absent && a.Date >= earlierFrom && a.Date <= today)
            .Select(a => new { a.ChildId, a.Date }).ToListAsync(ct);
        foreach (var child in absences.GroupBy(a => a.ChildId))
        {
            var recent = child.Count(a => a.Date >= recentFrom);
            var earlier = child.Count() - recent;
            if (recent >= 2 && recent > earlier) Add(child.Key, $"出勤下降：近两周缺勤{recent}次（此前两周{earlier}次）", "attendance");
        }
        foreach (var (child, unread) in await UnreadNoticesByChildAsync(query.OrganizationId, ct))
            Add(child, $"家长有{unread}条通知超过{UnreadNoticeGraceDays}天未读或未确认", PairingReads.NoticeReadsField);

        var ids = reasons.Keys.ToList();
        // Only children pairings would show: attendance alone must not list one who left, asked for deletion or whose consent is outdated.
        var children = await db.Children.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.OrganizationId == query.OrganizationId).ShownInPairings(Policy)
            .Select(c => new { c.Id, c.Name, c.ClassName }).ToListAsync(ct);
        var page = Page.Of(children.Select(c => new EarlyWarningView(c.Id, c.Name, c.ClassName, reasons[c.Id]))
            .OrderByDescending(w => w.Reasons.Count).ThenBy(w => w.ClassName).ThenBy(w => w.Name).ThenBy(w => w.ChildId).ToList(), query.Paging);
        var now = clock.GetUtcNow();
        foreach (var warning in page.Items)
            db.AuditChildReads([warning.ChildId], query.CallerId, "staff", fields[warning.ChildId], PairingReads.ListEarlyWarnings, now);
        await db.SaveChangesAsync(ct);
        return page;
    }

    /// <summary>Per child: how many of the organisation's recent notices a linked parent has left unread (or unconfirmed).</summary>
    private async Task<IEnumerable<(Guid ChildId, int Unread)>> UnreadNoticesByChildAsync(Guid orgId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (outBefore, outSince) = (now.AddDays(-UnreadNoticeGraceDays), now.AddDays(-UnreadNoticeWindowDays));
        var ignored = await (
            from r in db.NoticeRecipients
            join n in db.Notices on r.NoticeId equals n.Id
            join l in db.GuardianLinks on r.UserId equals l.UserId
            join c in db.Children on l.ChildId equals c.Id
            where n.OrganizationId == orgId && c.OrganizationId == orgId && n.Status == NoticeStatus.Published
                  && (n.ScheduledAtUtc ?? n.PublishedAtUtc) <= outBefore && (n.ScheduledAtUtc ?? n.PublishedAtUtc) >= outSince
                  && (n.RequiresConfirmation ? r.ConfirmedAtUtc == null : r.ReadAtUtc == null)
            select new { l.ChildId, r.NoticeId }).Distinct().ToListAsync(ct);
        return ignored.GroupBy(x => x.ChildId).Select(g => (g.Key, g.Count())).Where(x => x.Item2 >= UnreadNoticesToWarn);
    }

    private string Policy => options.Value.ConsentPolicyVersion;

    /// <summary>Children a pairing could take (<see cref="PairingStore.ShownInPairings"/>) with no active mentoring pairing.</summary>
    private IQueryable<Child> Unpaired(Guid orgId) =>
        db.Children.AsNoTracking().Where(c => c.OrganizationId == orgId).ShownInPairings(Policy)
            .Where(c => !db.Pairings.Any(p => p.EndedAtUtc == null && p.Kind == PairingKind.Mentoring && p.Children.Any(pc => pc.ChildId == c.Id)));

    private sealed record Lapse(Pairing Pairing, Guid ChildId, string Reason);

    /// <summary>Rule targets behind pace in the current period, or unmet in the previous period the pairing covered.</summary>
    private async Task<List<Lapse>> LapsesAsync(Guid orgId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pairings = await db.Pairings.AsNoTracking().Include(p => p.Mentors).Include(p => p.Children).AsSplitQuery()
            .Where(p => p.OrganizationId == orgId && p.EndedAtUtc == null).ToListAsync(ct);
        var lapses = new List<Lapse>();
        foreach (var p in pairings)
        {
            foreach (var (rule, s) in (await db.StatusesAsync(p, now, now, Policy, ct)).Where(x => x.Status.Overdue))
                lapses.Add(new Lapse(p, s.ChildId, $"{Cadence.Describe(rule.Spec)}，本期已完成{s.Done}次，应在{s.NextNeededBy:M月d日}前再联系"));
            foreach (var (rule, s) in await db.PreviousPeriodLapsesAsync(p, now, Policy, ct))
                lapses.Add(new Lapse(p, s.ChildId, $"{Cadence.Describe(rule.Spec)}，上期（{s.Period.First:M月d日}至{s.Period.Last:M月d日}）只完成{s.Done}次"));
        }
        return lapses;
    }
}
