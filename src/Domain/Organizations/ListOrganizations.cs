using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Organizations;

public sealed record ListOrganizationsQuery(PageRequest Paging) : IQuery<Page<OrganizationView>>;

public sealed class ListOrganizationsHandler(CareDb db) : IQueryHandler<ListOrganizationsQuery, Page<OrganizationView>>
{
    public async ValueTask<Page<OrganizationView>> Handle(ListOrganizationsQuery query, CancellationToken ct)
    {
        var all = db.Organizations.AsNoTracking();
        var total = await all.CountAsync(ct);
        var rows = await all.OrderBy(o => o.Name).Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        return new Page<OrganizationView>(rows.Select(OrganizationView.From).ToList(), total);
    }
}

public sealed record GetOrganizationQuery(Guid OrganizationId) : IQuery<OrganizationView>;

public sealed class GetOrganizationHandler(CareDb db) : IQueryHandler<GetOrganizationQuery, OrganizationView>
{
    public async ValueTask<OrganizationView> Handle(GetOrganizationQuery query, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == query.OrganizationId, ct)
            ?? throw new NotFoundException("该组织");
        return OrganizationView.From(organization);
    }
}
