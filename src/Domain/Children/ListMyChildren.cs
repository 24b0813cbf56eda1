using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>The children the caller is linked to as a parent (ids and names only).</summary>
public sealed record ListMyChildrenQuery(Guid CallerId) : IQuery<IReadOnlyList<LinkedChild>>;

public sealed class ListMyChildrenHandler(CareDb db) : IQueryHandler<ListMyChildrenQuery, IReadOnlyList<LinkedChild>>
{
    public async ValueTask<IReadOnlyList<LinkedChild>> Handle(ListMyChildrenQuery query, CancellationToken ct) =>
        await (from l in db.GuardianLinks
               join c in db.Children on l.ChildId equals c.Id
               where l.UserId == query.CallerId && c.Status != ChildStatus.Erased
               orderby c.Name
               select new LinkedChild(c.Id, c.Name, c.OrganizationId)).AsNoTracking().ToListAsync(ct);
}
