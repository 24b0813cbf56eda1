using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>A linked parent (or staff) sees who read the child's record, when, which fields and why.</summary>
public sealed record GetChildReadsQuery(Guid CallerId, Guid ChildId, PageRequest Paging) : IQuery<Page<ChildReadItem>>;

/// <summary>One read: codes for clients, and <paramref name="Description"/>, the sentence the guardian reads.</summary>
public sealed record ChildReadItem(Guid ReaderId, string? ReaderName, string Relation, IReadOnlyList<string> Fields, string Purpose, DateTimeOffset At,
    string Description);

public sealed class GetChildReadsHandler(CareDb db) : IQueryHandler<GetChildReadsQuery, Page<ChildReadItem>>
{
    public async ValueTask<Page<ChildReadItem>> Handle(GetChildReadsQuery query, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(query.CallerId, query.ChildId, ct);
        if (!visible.Parent && !visible.Staff) throw new NotFoundException("该儿童档案");
        var reads = db.ChildReadAudits.AsNoTracking().Where(a => a.ChildId == query.ChildId);
        var total = await reads.CountAsync(ct);
        var rows = await (
            from a in reads
            join u in db.Users on a.ReaderUserId equals u.Id into readers
            from u in readers.DefaultIfEmpty()
            orderby a.ReadAtUtc descending, a.Id descending
            select new { a.ReaderUserId, Name = u == null ? null : u.DisplayName, a.Relation, a.Fields, a.Purpose, a.ReadAtUtc })
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        return new Page<ChildReadItem>(rows.Select(r =>
        {
            var fields = r.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries);
            return new ChildReadItem(r.ReaderUserId, r.Name, r.Relation, fields, r.Purpose, ChinaTime.ToChina(r.ReadAtUtc),
                ChildReadWording.Describe(r.Name, r.Relation, r.Purpose, fields));
        }).ToList(), total);
    }
}
