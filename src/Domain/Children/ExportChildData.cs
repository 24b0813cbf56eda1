using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>A linked parent downloads everything held about their child (PIPL Art. 45) as JSON. One audited read.</summary>
public sealed record ExportChildDataQuery(Guid CallerId, Guid ChildId) : IQuery<ChildDataExport>;

public sealed record ChildDataExport(
    DateTimeOffset ExportedAt, ChildView Archive, IReadOnlyList<ConsentRecordView> Consents, IReadOnlyList<AttendanceDay> Attendance,
    IReadOnlyList<ChildReadItem> Reads);

public sealed record ConsentRecordView(string By, string Relation, IReadOnlyList<ConsentScope> Scopes, string PolicyVersion, ConsentMethod Method, DateTimeOffset At);

public sealed class ExportChildDataHandler(CareDb db, FieldCipher cipher, TimeProvider clock) : IQueryHandler<ExportChildDataQuery, ChildDataExport>
{
    public async ValueTask<ChildDataExport> Handle(ExportChildDataQuery query, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(query.CallerId, query.ChildId, ct);
        if (!visible.Parent) throw new NotFoundException("该儿童档案");
        // Shown as the parent sees it, whatever else the caller may be.
        var asParent = new VisibleChild { Child = visible.Child, Parent = true };
        var now = clock.GetUtcNow();

        var consents = await db.GuardianConsents.AsNoTracking().Where(c => c.ChildId == query.ChildId).OrderBy(c => c.RecordedAtUtc).ToListAsync(ct);
        var attendance = await db.AttendanceRecords.AsNoTracking().Where(a => a.ChildId == query.ChildId).OrderBy(a => a.Date).ThenBy(a => a.Place).ToListAsync(ct);
        var reads = await new GetChildReadsHandler(db).Handle(new GetChildReadsQuery(query.CallerId, query.ChildId, new PageRequest(1, PageRequest.MaxPageSize)), ct);
        var archive = await db.ShowAsync(asParent, query.CallerId, "ExportChildData", cipher, now, ct);
        await db.SaveChangesAsync(ct);

        return new ChildDataExport(
            ChinaTime.ToChina(now),
            archive,
            consents.Select(c => new ConsentRecordView(c.GivenBy, c.Relation, ConsentScopeNames.ToList(c.Scopes), c.PolicyVersion, c.Method, ChinaTime.ToChina(c.GivenAtUtc))).ToList(),
            attendance.Select(a => AttendanceDay.Of(a, corrections: 0)).ToList(),
            reads.Items);
    }
}
