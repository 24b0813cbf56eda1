using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children;

/// <summary>
/// The scheduled reports to parents (run by the bot every few minutes): the daily care-home summary after
/// <see cref="ChildrenOptions.DailySummaryHour"/>, and each parent's weekly card at the day and hour they chose.
/// Both respect the parent's quiet hours and are recorded in <see cref="ChildReportSent"/>, so a run never repeats one.
/// </summary>
public sealed record SendChildReportsCommand : ICommand<ChildReportsSent>;

public sealed record ChildReportsSent(int DailySummaries, int WeeklyCards);

public sealed class SendChildReportsHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<SendChildReportsCommand, ChildReportsSent>
{
    public const string DailyKind = "care-home-daily", WeeklyKind = "weekly-card";

    public async ValueTask<ChildReportsSent> Handle(SendChildReportsCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var local = ChinaTime.ToChina(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        var policy = options.Value.ConsentPolicyVersion;

        // Linked parents of children we may still process.
        var links = await (
            from l in db.GuardianLinks
            join c in db.Children on l.ChildId equals c.Id
            where c.Status == ChildStatus.Active && c.DeletionRequestedAtUtc == null && c.ConsentPolicyVersion == policy
            select new { l.ChildId, l.UserId, l.LinkedAtUtc, c.Name }).AsNoTracking().ToListAsync(ct);
        if (links.Count == 0) return new ChildReportsSent(0, 0);
        var preferences = await db.ReportPreferencesOf(links.Select(l => l.UserId), ct);
        var childIds = links.Select(l => l.ChildId).Distinct().ToList();

        var daily = 0;
        if (local.Hour >= options.Value.DailySummaryHour)
        {
            var careHome = await db.AttendanceRecords.AsNoTracking()
                .Where(a => childIds.Contains(a.ChildId) && a.Date == today && a.Place == AttendancePlace.CareHome).ToDictionaryAsync(a => a.ChildId, ct);
            var sent = await SentAsync(DailyKind, [today], ct);
            foreach (var link in links.Where(l => careHome.ContainsKey(l.ChildId) && !sent.Contains((l.ChildId, l.UserId, today))))
            {
                db.Send(link.UserId, ChildMessages.DailyCareHomeSummary(link.ChildId, link.Name, today, careHome[link.ChildId],
                    preferences[link.UserId].OutsideQuietHours(now)), now);
                db.ChildReportsSent.Add(ChildReportSent.Record(DailyKind, link.ChildId, link.UserId, today, now));
                daily++;
            }
        }

        // Each parent's latest weekly slot that has come: the chosen day at the chosen hour, on or before today.
        // A parent linked after the slot waits for the next one.
        var due = links.Select(l => (Link: l, Day: LatestSlot(preferences[l.UserId], local)))
            .Where(x => SlotInstant(x.Day, preferences[x.Link.UserId]) >= x.Link.LinkedAtUtc).ToList();
        var weekly = 0;
        if (due.Count > 0)
        {
            // One card per child, parent and covered week: a card whose week was already reported is not sent, so
            // changing the day never sends a second, out-of-date card (the next card may then skip a week).
            var lastSent = await LastWeeklyCardsAsync(due.Min(d => d.Day).AddDays(-7), ct);
            var todo = due.Where(d => !lastSent.TryGetValue((d.Link.ChildId, d.Link.UserId), out var last) || CoveredWeek(last) < CoveredWeek(d.Day)).ToList();
            var earliest = todo.Count == 0 ? today : todo.Min(d => d.Day).AddDays(-7);
            var todoChildren = todo.Select(d => d.Link.ChildId).Distinct().ToList();
            var attendance = await db.AttendanceRecords.AsNoTracking()
                .Where(a => todoChildren.Contains(a.ChildId) && a.Date >= earliest && a.Date < today).ToListAsync(ct);
            var weeks = todo.Select(d => CoveredWeek(d.Day)).Distinct().ToList();
            var notes = await db.WeeklyNotes.AsNoTracking()
                .Where(n => todoChildren.Contains(n.ChildId) && weeks.Contains(n.WeekOf)).ToListAsync(ct);
            foreach (var (link, day) in todo)
            {
                var from = day.AddDays(-7);
                var to = day.AddDays(-1);
                var counts = Count(attendance.Where(a => a.ChildId == link.ChildId && a.Date >= from && a.Date <= to));
                var note = notes.SingleOrDefault(n => n.ChildId == link.ChildId && n.WeekOf == CoveredWeek(day))?.Note;
                db.Send(link.UserId, ChildMessages.WeeklyCard(link.ChildId, link.Name, from, to, counts, note, preferences[link.UserId].OutsideQuietHours(now)), now);
                db.ChildReportsSent.Add(ChildReportSent.Record(WeeklyKind, link.ChildId, link.UserId, day, now));
                weekly++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new ChildReportsSent(daily, weekly);
    }

    /// <summary>The date of the latest weekly slot (chosen day at chosen hour, China time) that has come; its card covers the 7 days before it.</summary>
    internal static DateOnly LatestSlot(ReportPreference preference, DateTimeOffset local)
    {
        var today = DateOnly.FromDateTime(local.DateTime);
        var back = ((int)today.DayOfWeek - (int)preference.WeeklyCardDay + 7) % 7;
        var day = today.AddDays(-back);
        if (back == 0 && local.Hour < preference.WeeklyCardHour) day = day.AddDays(-7);
        return day;
    }

    /// <summary>
    /// The Monday of the week a card sent on <paramref name="slot"/> reports: the week most of its 7 days (slot-7..slot-1)
    /// fall in, which is the week of its middle day. Its teacher's note is the one shown.
    /// </summary>
    internal static DateOnly CoveredWeek(DateOnly slot) => WeeklyNote.WeekStart(slot.AddDays(-4));

    private static DateTime SlotInstant(DateOnly day, ReportPreference preference) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(preference.WeeklyCardHour, 0)), ChinaTime.Zone.BaseUtcOffset).UtcDateTime;

    /// <summary>One status per day: the school's record when there is one, else the care home's, else any.</summary>
    internal static WeeklyCounts Count(IEnumerable<AttendanceRecord> records)
    {
        var perDay = records.GroupBy(r => r.Date).Select(g => g.OrderBy(r => r.Place).First().Status).ToList();
        return new WeeklyCounts(
            perDay.Count(s => s == AttendanceStatus.Present), perDay.Count(s => s == AttendanceStatus.Late),
            perDay.Count(s => s == AttendanceStatus.Absent), perDay.Count(s => s == AttendanceStatus.Leave));
    }

    /// <summary>The latest weekly card slot per child and parent, from <paramref name="since"/> on (older ones cannot cover a due week).</summary>
    private async Task<Dictionary<(Guid, Guid), DateOnly>> LastWeeklyCardsAsync(DateOnly since, CancellationToken ct) =>
        (await db.ChildReportsSent.AsNoTracking().Where(r => r.Kind == WeeklyKind && r.Period >= since)
            .GroupBy(r => new { r.ChildId, r.RecipientUserId }).Select(g => new { g.Key.ChildId, g.Key.RecipientUserId, Last = g.Max(r => r.Period) })
            .ToListAsync(ct))
        .ToDictionary(r => (r.ChildId, r.RecipientUserId), r => r.Last);

    private async Task<HashSet<(Guid, Guid, DateOnly)>> SentAsync(string kind, List<DateOnly> periods, CancellationToken ct) =>
        (await db.ChildReportsSent.AsNoTracking().Where(r => r.Kind == kind && periods.Contains(r.Period))
            .Select(r => new { r.ChildId, r.RecipientUserId, r.Period }).ToListAsync(ct))
        .Select(r => (r.ChildId, r.RecipientUserId, r.Period)).ToHashSet();
}
