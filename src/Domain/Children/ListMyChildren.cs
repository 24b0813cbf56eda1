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

/// <summary>
/// One child the caller is linked to as a parent (id and name), an audited read. How a replayed
/// <c>POST /api/me/children</c> answers: the idempotency store keeps the child's id, never its name.
/// </summary>
public sealed record GetLinkedChildQuery(Guid CallerId, Guid ChildId) : IQuery<LinkedChild>;

public sealed class GetLinkedChildHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetLinkedChildQuery, LinkedChild>
{
    public async ValueTask<LinkedChild> Handle(GetLinkedChildQuery query, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(query.CallerId, query.ChildId, ct);
        if (!visible.Parent) throw new Common.NotFoundException("该儿童档案");
        db.ChildReadAudits.Add(ChildReadAudit.Record(visible.Child.Id, query.CallerId, "parent", ["name"], "ListMyChildren", clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return new LinkedChild(visible.Child.Id, visible.Child.Name, visible.Child.OrganizationId);
    }
}
