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
public sealed record RecordAttendanceCommand(Guid CallerId, Guid OrganizationId, DateOnly Date, AttendancePlace Place, IReadOnlyList<AttendanceEntry> Entries)
    : ICommand<AttendanceBatchResult>;

public sealed record AttendanceBatchResult(int Created, int Corrected, int Unchanged, int ParentsNotified);

public sealed class RecordAttendanceValidator : AbstractValidator<RecordAttendanceCommand>
{
    public RecordAttendanceValidator()
    {
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
        var ids = cmd.Entries.Select(e => e.ChildId).ToList();
        var children = await db.VisibleTo(cmd.CallerId)
            .Where(v => v.Staff && v.Child.OrganizationId == cmd.OrganizationId && ids.Contains(v.Child.Id))
            .Select(v => new { v.Child.Id, v.Child.Name, v.Child.ConsentPolicyVersion }).AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        if (children.Count != ids.Count) throw new NotFoundException("部分儿童档案");
        var outdated = children.Values.Where(c => c.ConsentPolicyVersion != options.Value.ConsentPolicyVersion).Select(c => c.Id).ToList();
        if (outdated.Count > 0)
            throw new DomainException("guardian_consent_outdated", "部分儿童的监护人同意需按新版隐私政策重新确认",
                new Dictionary<string, object?> { ["childIds"] = outdated });

        var now = clock.GetUtcNow();
        var existing = await db.AttendanceRecords
            .Where(a => ids.Contains(a.ChildId) && a.Date == cmd.Date && a.Place == cmd.Place).ToDictionaryAsync(a => a.ChildId, ct);
        int created = 0, corrected = 0, unchanged = 0;
        var newlyAbsent = new List<Guid>();
        foreach (var entry in cmd.Entries)
        {
            var checkIn = entry.CheckInAt?.UtcDateTime;
            var checkOut = entry.CheckOutAt?.UtcDateTime;
            if (!existing.TryGetValue(entry.ChildId, out var record))
            {
                db.AttendanceRecords.Add(AttendanceRecord.Record(entry.ChildId, cmd.OrganizationId, cmd.Date, cmd.Place, entry.Status, checkIn, checkOut, cmd.CallerId, now));
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
            }
        }

        var notified = 0;
        if (newlyAbsent.Count > 0)
        {
            var parents = await db.GuardianLinks.AsNoTracking().Where(l => newlyAbsent.Contains(l.ChildId)).Select(l => new { l.ChildId, l.UserId }).ToListAsync(ct);
            var preferences = await db.ReportPreferencesOf(parents.Select(p => p.UserId), ct);
            foreach (var link in parents)
            {
                var child = children[link.ChildId];
                db.Send(link.UserId, ChildMessages.Absent(child.Id, child.Name, cmd.Date, cmd.Place, preferences[link.UserId].OutsideQuietHours(now)), now);
                notified++;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same child/date/place raced in from another batch: the unique index kept one; ask to resend.
            throw new ConflictException("attendance_conflict", "同一时间有其他老师提交了考勤，请刷新后重试");
        }
        return new AttendanceBatchResult(created, corrected, unchanged, notified);
    }
}
