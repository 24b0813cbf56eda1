using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>A child's attendance days (staff of the organisation and linked parents; mentors and others get 404). Audited.</summary>
public sealed record GetChildAttendanceQuery(Guid CallerId, Guid ChildId, DateOnly? From, DateOnly? To) : IQuery<IReadOnlyList<AttendanceDay>>;

public sealed record AttendanceDay(DateOnly Date, AttendancePlace Place, AttendanceStatus Status, DateTimeOffset? CheckInAt, DateTimeOffset? CheckOutAt, int Corrections)
{
    public static AttendanceDay Of(AttendanceRecord a, int corrections) => new(a.Date, a.Place, a.Status,
        a.CheckInAtUtc is { } i ? ChinaTime.ToChina(i) : null, a.CheckOutAtUtc is { } o ? ChinaTime.ToChina(o) : null, corrections);
}

public sealed class GetChildAttendanceHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : IQueryHandler<GetChildAttendanceQuery, IReadOnlyList<AttendanceDay>>
{
    public async ValueTask<IReadOnlyList<AttendanceDay>> Handle(GetChildAttendanceQuery query, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(query.CallerId, query.ChildId, ct);
        if (!visible.Staff && !visible.Parent) throw new NotFoundException("该儿童档案");
        visible.EnsureConsentCurrent(options.Value);
        var now = clock.GetUtcNow();
        var to = query.To ?? ChinaTime.DateOf(now);
        var from = query.From ?? to.AddDays(-30);
        var rows = await db.AttendanceRecords.AsNoTracking()
            .Where(a => a.ChildId == query.ChildId && a.Date >= from && a.Date <= to)
            .OrderBy(a => a.Date).ThenBy(a => a.Place)
            .Select(a => new { Record = a, Corrections = db.AttendanceCorrections.Count(c => c.RecordId == a.Id) })
            .ToListAsync(ct);
        db.ChildReadAudits.Add(ChildReadAudit.Record(query.ChildId, query.CallerId, visible.Relation, ["attendance"], "GetChildAttendance", now));
        await db.SaveChangesAsync(ct);
        return rows.Select(r => AttendanceDay.Of(r.Record, r.Corrections)).ToList();
    }
}
