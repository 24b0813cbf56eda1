using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children;

public sealed record AttendanceEntry(Guid ChildId, AttendanceStatus Status, DateTimeOffset? CheckInAt = null, DateTimeOffset? CheckOutAt = null);

/// <summary>A teacher records one day's attendance for a class or a care home in one batch, idempotent per child, date and place.</summary>
/// <remarks><c>Date</c> is nullable only so that a request without it is a 400, not a silent 0001-01-01.</remarks>
public sealed record RecordAttendanceCommand(Guid CallerId, Guid OrganizationId, DateOnly? Date, AttendancePlace Place, IReadOnlyList<AttendanceEntry> Entries)
    : ICommand<AttendanceBatchResult>;

public sealed record AttendanceBatchResult(int Created, int Corrected, int Unchanged, int ParentsNotified);

public sealed class RecordAttendanceValidator : AbstractValidator<RecordAttendanceCommand>
{
    public RecordAttendanceValidator()
    {
        RuleFor(c => c.Date).NotNull();
        RuleFor(c => c.Place).IsInEnum();
        RuleFor(c => c.Entries).NotEmpty().Must(e => e.Count <= 500).WithMessage("一次最多 500 条");
        RuleFor(c => c.Entries).Must(e => e.Select(x => x.ChildId).Distinct().Count() == e.Count).WithMessage("同一个孩子在一批中只能出现一次");
        RuleForEach(c => c.Entries).ChildRules(e =>
        {
            e.RuleFor(x => x.Status).IsInEnum();
            e.RuleFor(x => x.CheckOutAt).GreaterThanOrEqualTo(x => x.CheckInAt).When(x => x.CheckInAt is not null && x.CheckOutAt is not null);
        });
    }
}

public sealed class RecordAttendanceHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RecordAttendanceCommand, AttendanceBatchResult>
{
    public async ValueTask<AttendanceBatchResult> Handle(RecordAttendanceCommand cmd, CancellationToken ct)
    {
        await db.RequireStaffAsync(cmd.CallerId, cmd.OrganizationId, ct);
        var now = clock.GetUtcNow();
        var date = cmd.Date!.Value;
        // A teacher records today's attendance or corrects a past day; a day to come has no attendance yet, and an
        // absence "recorded" for it would alarm the parents at once. Five minutes' grace for a phone clock running ahead.
        if (date > ChinaTime.DateOf(now.AddMinutes(5)))
            throw new DomainException("attendance_date_in_future", "考勤日期不能晚于今天",
                new Dictionary<string, object?> { ["today"] = ChinaTime.DateOf(now) });
        var ids = cmd.Entries.Select(e => e.ChildId).ToList();
        var children = await db.VisibleTo(cmd.CallerId)
            .Where(v => v.Staff && v.Child.OrganizationId == cmd.OrganizationId && ids.Contains(v.Child.Id))
            .Select(v => new { v.Child.Id, v.Child.Name, v.Child.ConsentPolicyVersion }).AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        if (children.Count != ids.Count) throw new NotFoundException("部分儿童档案");
        var outdated = children.Values.Where(c => c.ConsentPolicyVersion != options.Value.ConsentPolicyVersion).Select(c => c.Id).ToList();
        if (outdated.Count > 0)
            throw new DomainException("guardian_consent_outdated", "部分儿童的监护人同意需按新版隐私政策重新确认",
                new Dictionary<string, object?> { ["childIds"] = outdated });

        var existing = await db.AttendanceRecords
            .Where(a => ids.Contains(a.ChildId) && a.Date == date && a.Place == cmd.Place).ToDictionaryAsync(a => a.ChildId, ct);
        int created = 0, corrected = 0, unchanged = 0;
        var newlyAbsent = new List<Guid>();
        var noLongerAbsent = new Dictionary<Guid, AttendanceStatus>();
        foreach (var entry in cmd.Entries)
        {
            var checkIn = entry.CheckInAt?.UtcDateTime;
            var checkOut = entry.CheckOutAt?.UtcDateTime;
            if (!existing.TryGetValue(entry.ChildId, out var record))
            {
                db.AttendanceRecords.Add(AttendanceRecord.Record(entry.ChildId, cmd.OrganizationId, date, cmd.Place, entry.Status, checkIn, checkOut, cmd.CallerId, now));
                created++;
                if (entry.Status == AttendanceStatus.Absent) newlyAbsent.Add(entry.ChildId);
            }
            else if (record.Says(entry.Status, checkIn, checkOut))
            {
                unchanged++;
            }
            else
            {
                var wasAbsent = record.Status == AttendanceStatus.Absent;
                db.AttendanceCorrections.Add(record.Correct(entry.Status, checkIn, checkOut, cmd.CallerId, now));
                corrected++;
                if (entry.Status == AttendanceStatus.Absent && !wasAbsent) newlyAbsent.Add(entry.ChildId);
                if (wasAbsent && entry.Status != AttendanceStatus.Absent) noLongerAbsent[entry.ChildId] = entry.Status;
            }
        }

        try
        {
            // One transaction: withdrawing an alarm deletes its rows at once, and must not outlive a failed batch.
            var notified = await db.InTransaction(async () =>
            {
                var sent = await AlarmParentsAsync(cmd, date, newlyAbsent, noLongerAbsent, children.ToDictionary(c => c.Key, c => c.Value.Name), now, ct);
                await db.SaveChangesAsync(ct);
                return sent;
            }, ct);
            return new AttendanceBatchResult(created, corrected, unchanged, notified);
        }
        catch (DbUpdateException)
        {
            // The same child/date/place raced in from another batch: the unique index kept one; ask to resend.
            throw new ConflictException("attendance_conflict", "同一时间有其他老师提交了考勤，请刷新后重试");
        }
    }

    /// <summary>The ledger kind of absence alarms (one row per child, parent, date and place; its id is the alarm message's id).</summary>
    internal static string AlarmKind(AttendancePlace place) => $"absence-alarm:{place}";

    internal static string CorrectionKind(AttendancePlace place) => $"absence-fixed:{place}";

    /// <summary>
    /// Parents hear at most one absence alarm per child, date and place, and at most one correction of it. When the
    /// teacher takes an absence back, an alarm still unsent and unread is withdrawn (outbox, inbox and ledger rows), as if
    /// it never was: a later absence alarms again. An alarm that went out (or that the parent opened in the app) gets
    /// one correction instead, and stays recorded: a later absence that day does not alarm again.
    /// </summary>
    private async Task<int> AlarmParentsAsync(RecordAttendanceCommand cmd, DateOnly date, List<Guid> newlyAbsent, Dictionary<Guid, AttendanceStatus> noLongerAbsent,
        Dictionary<Guid, string> names, DateTimeOffset now, CancellationToken ct)
    {
        if (newlyAbsent.Count == 0 && noLongerAbsent.Count == 0) return 0;
        var touched = newlyAbsent.Concat(noLongerAbsent.Keys).ToList();
        var (alarmKind, correctionKind) = (AlarmKind(cmd.Place), CorrectionKind(cmd.Place));
        var ledger = await db.ChildReportsSent
            .Where(r => (r.Kind == alarmKind || r.Kind == correctionKind) && r.Period == date && touched.Contains(r.ChildId)).ToListAsync(ct);
        bool Has(string kind, Guid childId, Guid parentId) => ledger.Any(r => r.Kind == kind && r.ChildId == childId && r.RecipientUserId == parentId);
        var parents = await db.GuardianLinks.AsNoTracking().Where(l => newlyAbsent.Contains(l.ChildId)).Select(l => new { l.ChildId, l.UserId }).ToListAsync(ct);
        var alarmed = ledger.Where(r => r.Kind == alarmKind && noLongerAbsent.ContainsKey(r.ChildId)).ToList();
        var preferences = await db.ReportPreferencesOf(parents.Select(p => p.UserId).Concat(alarmed.Select(a => a.RecipientUserId)), ct);

        var notified = 0;
        foreach (var link in parents.Where(l => !Has(alarmKind, l.ChildId, l.UserId)))
        {
            var id = db.Send(link.UserId, ChildMessages.Absent(link.ChildId, names[link.ChildId], date, cmd.Place, preferences[link.UserId].OutsideQuietHours(now)), now);
            db.ChildReportsSent.Add(ChildReportSent.Record(alarmKind, link.ChildId, link.UserId, date, now, id));
            notified++;
        }
        foreach (var alarm in alarmed)
        {
            // Pending = no dispatcher has claimed it (a claim is a conditional update too, so only one of us wins).
            var withdrawn = await db.Outbox
                .Where(m => m.Id == alarm.Id && m.Status == OutboxStatus.Pending && db.Inbox.Any(i => i.Id == alarm.Id && i.ReadAtUtc == null))
                .ExecuteDeleteAsync(ct);
            if (withdrawn == 1)
            {
                await db.Inbox.Where(i => i.Id == alarm.Id).ExecuteDeleteAsync(ct);
                db.ChildReportsSent.Remove(alarm);
            }
            else if (!Has(correctionKind, alarm.ChildId, alarm.RecipientUserId))
            {
                db.Send(alarm.RecipientUserId, ChildMessages.AbsenceCorrected(alarm.ChildId, names[alarm.ChildId], date, cmd.Place,
                    noLongerAbsent[alarm.ChildId], preferences[alarm.RecipientUserId].OutsideQuietHours(now)), now);
                db.ChildReportsSent.Add(ChildReportSent.Record(correctionKind, alarm.ChildId, alarm.RecipientUserId, date, now));
                notified++;
            }
        }
        return notified;
    }
}
