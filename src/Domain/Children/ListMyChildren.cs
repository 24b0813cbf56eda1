using Mediator;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>The children the caller is linked to as a parent (ids and names only); an audited read like any other.</summary>
public sealed record ListMyChildrenQuery(Guid CallerId) : IQuery<IReadOnlyList<LinkedChild>>;

public sealed class ListMyChildrenHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListMyChildrenQuery, IReadOnlyList<LinkedChild>>
{
    public async ValueTask<IReadOnlyList<LinkedChild>> Handle(ListMyChildrenQuery query, CancellationToken ct)
    {
        var children = await db.ShowLinkedChildrenAsync(query.CallerId, "ListMyChildren", clock.GetUtcNow(), ct, shownFields: ["name"]);
        await db.SaveChangesAsync(ct);
        return children.Select(c => new LinkedChild(c.Id, c.Name, c.OrganizationId)).ToList();
    }
}
