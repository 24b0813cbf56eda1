using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// Staff ask which children of a class have no attendance recorded today (China date, any place). Only classes of
/// organisations where the caller is staff; a class they cannot see is answered like one that does not exist (404).
/// Each child shown is audited like <see cref="ListChildrenQuery"/>.
/// </summary>
public sealed record ListUnrecordedChildrenQuery(Guid CallerId, string ClassName) : IQuery<UnrecordedChildren>;

public sealed record UnrecordedChildren(string ClassName, DateOnly Date, int ChildrenInClass, IReadOnlyList<ChildListItem> NotRecorded);

public sealed class ListUnrecordedChildrenHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListUnrecordedChildrenQuery, UnrecordedChildren>
{
    public async ValueTask<UnrecordedChildren> Handle(ListUnrecordedChildrenQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var mine = db.VisibleTo(query.CallerId).Where(v => v.Staff && v.Child.Status == ChildStatus.Active).Select(v => v.Child);
        var classNames = await ClassNames.MatchingAsync(mine, query.ClassName, ct);
        if (classNames.Count == 0) throw new NotFoundException("该班级");

        var inClass = mine.Where(c => classNames.Contains(c.ClassName));
        var total = await inClass.CountAsync(ct);
        var rows = await inClass.Where(c => !db.AttendanceRecords.Any(a => a.ChildId == c.Id && a.Date == today))
            .AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new ChildListItem(c.Id, c.Name, c.Grade, c.ClassName, c.Status)).ToListAsync(ct);
        foreach (var row in rows)
            db.ChildReadAudits.Add(ChildReadAudit.Record(row.Id, query.CallerId, "staff", ["name", "className"], "ListUnrecordedChildren", now));
        await db.SaveChangesAsync(ct);
        return new UnrecordedChildren(classNames[0], today, total, rows);
    }
}
