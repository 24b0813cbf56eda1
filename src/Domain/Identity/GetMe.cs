using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Identity;

public sealed record GetMeQuery(Guid CallerId) : IQuery<MeView>;

/// <param name="Children">Children the caller is linked to as a parent (each listing is an audited read).</param>
public sealed record MeView(Guid Id, string? DisplayName, bool IsPlatformAdmin, IReadOnlyList<OrganizationRoles> Organizations, IReadOnlyList<MyChild> Children);

public sealed record OrganizationRoles(Guid OrganizationId, string OrganizationName, IReadOnlyList<Role> Roles);

public sealed class GetMeHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetMeQuery, MeView>
{
    public async ValueTask<MeView> Handle(GetMeQuery query, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.CallerId, ct)
            ?? throw new NotFoundException("该用户");
        var memberships = await (
            from m in db.Memberships.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on m.OrganizationId equals o.Id
            where m.UserId == query.CallerId
            select new { m.OrganizationId, o.Name, m.Role }).ToListAsync(ct);
        var organizations = memberships
            .GroupBy(m => (m.OrganizationId, m.Name))
            .Select(g => new OrganizationRoles(g.Key.OrganizationId, g.Key.Name, g.Select(m => m.Role).Order().ToList()))
            .OrderBy(o => o.OrganizationName)
            .ToList();
        var children = await db.ShowLinkedChildrenAsync(query.CallerId, "GetMe", clock.GetUtcNow(), ct);
        if (children.Count > 0) await db.SaveChangesAsync(ct);
        return new MeView(user.Id, user.DisplayName, user.IsPlatformAdmin, organizations, children);
    }
}
