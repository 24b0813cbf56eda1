using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
        var queries = Queries.ByModel.GetValue(db.Model, _ => new Queries());
        var caller = await queries.Caller(db, query.CallerId, ct) ?? throw new NotFoundException("该用户");
        var memberships = new List<MembershipRow>();
        await foreach (var row in queries.Memberships(db, query.CallerId).WithCancellation(ct)) memberships.Add(row);
        var organizations = memberships
            .GroupBy(m => (m.OrganizationId, m.Name))
            .Select(g => new OrganizationRoles(g.Key.OrganizationId, g.Key.Name, g.Select(m => m.Role).Order().ToList()))
            .OrderBy(o => o.OrganizationName)
            .ToList();
        var children = await db.ShowLinkedChildrenAsync(query.CallerId, "GetMe", clock.GetUtcNow(), ct);
        if (children.Count > 0) await db.SaveChangesAsync(ct);
        return new MeView(caller.Id, caller.DisplayName, caller.IsPlatformAdmin, organizations, children);
    }

    private sealed record CallerRow(Guid Id, string? DisplayName, bool IsPlatformAdmin);

    private sealed record MembershipRow(Guid OrganizationId, string Name, Role Role);

    /// <summary>
    /// The mini-program asks for <c>/api/me</c> every time it opens, so its queries are compiled (building and hashing
    /// their expression trees on every call was most of the request's CPU) and prepared on MariaDB. A compiled query
    /// serves one EF model: one set per model (SQLite and MariaDB hosts share a test process).
    /// </summary>
    private sealed class Queries
    {
        public static readonly ConditionalWeakTable<IModel, Queries> ByModel = new();

        public readonly Func<CareDb, Guid, CancellationToken, Task<CallerRow?>> Caller = EF.CompileAsyncQuery((CareDb db, Guid id, CancellationToken _) =>
            db.Users.TagWith(Prepared.Tag).Where(u => u.Id == id).Select(u => new CallerRow(u.Id, u.DisplayName, u.IsPlatformAdmin)).SingleOrDefault());

        public readonly Func<CareDb, Guid, IAsyncEnumerable<MembershipRow>> Memberships = EF.CompileAsyncQuery((CareDb db, Guid id) =>
            from m in db.Memberships.TagWith(Prepared.Tag)
            join o in db.Organizations on m.OrganizationId equals o.Id
            where m.UserId == id
            select new MembershipRow(m.OrganizationId, o.Name, m.Role));
    }
}
