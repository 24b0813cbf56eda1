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
    IReadOnlyList<WeeklyNoteView> WeeklyNotes, IReadOnlyList<ChildReadItem> Reads);

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
        var corrections = await db.AttendanceCorrections.AsNoTracking().Where(c => c.ChildId == query.ChildId)
            .GroupBy(c => c.RecordId).Select(g => new { RecordId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.RecordId, g => g.Count, ct);
        var notes = await db.WeeklyNotes.AsNoTracking().Where(n => n.ChildId == query.ChildId).OrderBy(n => n.WeekOf).ToListAsync(ct);
        var reads = await AllReadsAsync(query, ct);
        var parents = await db.ParentContacts.AsNoTracking().Where(p => p.ChildId == query.ChildId).ToListAsync(ct);
        var (archive, shown) = ChildVisibility.Show(asParent, parents.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), query.CallerId,
            "ExportChildData", cipher, now);
        // The audit row names everything the export shows, not only the archive's fields: the consent records (they
        // name the guardian), attendance, the teachers' weekly notes and the read log itself.
        var fields = shown.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (consents.Count > 0) fields.Add("consentHistory");
        if (attendance.Count > 0) fields.Add("attendance");
        if (notes.Count > 0) fields.Add("weeklyNotes");
        if (reads.Count > 0) fields.Add("readLog");
        db.ChildReadAudits.Add(ChildReadAudit.Record(query.ChildId, query.CallerId, shown.Relation, fields, "ExportChildData", now));
        await db.SaveChangesAsync(ct);

        return new ChildDataExport(
            ChinaTime.ToChina(now),
            archive,
            consents.Select(c => new ConsentRecordView(c.GivenBy, c.Relation, ConsentScopeNames.ToList(c.Scopes), c.PolicyVersion, c.Method, ChinaTime.ToChina(c.GivenAtUtc))).ToList(),
            attendance.Select(a => AttendanceDay.Of(a, corrections.GetValueOrDefault(a.Id))).ToList(),
            notes.Select(n => new WeeklyNoteView(n.ChildId, n.WeekOf, n.Note)).ToList(),
            reads);
    }

    /// <summary>Every read of the record, page by page: an export leaves nothing out.</summary>
    private async Task<List<ChildReadItem>> AllReadsAsync(ExportChildDataQuery query, CancellationToken ct)
    {
        var reads = new List<ChildReadItem>();
        var handler = new GetChildReadsHandler(db);
        for (var page = 1; ; page++)
        {
            var next = await handler.Handle(new GetChildReadsQuery(query.CallerId, query.ChildId, new PageRequest(page, PageRequest.MaxPageSize)), ct);
            reads.AddRange(next.Items);
            if (next.Items.Count < PageRequest.MaxPageSize || reads.Count >= next.Total) return reads;
        }
    }
}
