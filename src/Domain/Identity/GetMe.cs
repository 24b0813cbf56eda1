using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Identity;

public sealed record GetMeQuery(Guid CallerId) : IQuery<MeView>;

/// <param name="Roles">Every role the caller holds in some organisation (CONTRACT.md's <c>user.roles</c>); per organisation in <paramref name="Organizations"/>.</param>
/// <param name="Volunteer">The volunteer profile without the phone (that is at <c>GET /api/me/volunteer</c>); null before one is saved.</param>
/// <param name="Children">Children the caller is linked to as a parent, ids and names only (each listing is an audited read).</param>
public sealed record MeView(Guid Id, string? DisplayName, bool IsPlatformAdmin, IReadOnlyList<Role> Roles, IReadOnlyList<OrganizationRoles> Organizations,
    MeVolunteer? Volunteer, IReadOnlyList<MeChild> Children);

public sealed record MeVolunteer(string RealName, VolunteerKind Kind, string? School, IReadOnlyList<string> Skills, DateOnly? BirthDate);

public sealed record MeChild(Guid Id, string Name);

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
        var volunteer = caller.Volunteer;
        var children = await db.ShowLinkedChildrenAsync(query.CallerId, "GetMe", clock.GetUtcNow(), ct, shownFields: ["name"]);
        if (children.Count > 0) await db.SaveChangesAsync(ct);
        return new MeView(caller.Id, caller.DisplayName, caller.IsPlatformAdmin, memberships.Select(m => m.Role).Distinct().Order().ToList(), organizations,
            volunteer is null ? null : new MeVolunteer(volunteer.RealName, volunteer.Kind, volunteer.School, volunteer.Skills.Split(',', StringSplitOptions.RemoveEmptyEntries), volunteer.BirthDate),
            children.Select(c => new MeChild(c.Id, c.Name)).ToList());
    }

    private sealed record CallerRow(Guid Id, string? DisplayName, bool IsPlatformAdmin, VolunteerRow? Volunteer);

    private sealed record MembershipRow(Guid OrganizationId, string Name, Role Role);

    private sealed record VolunteerRow(string RealName, VolunteerKind Kind, string? School, string Skills, DateOnly? BirthDate);

    /// <summary>
    /// The mini-program asks for <c>/api/me</c> every time it opens, so its queries are compiled (building and hashing
    /// their expression trees on every call was most of the request's CPU) and prepared on MariaDB. A compiled query
    /// serves one EF model: one set per model (SQLite and MariaDB hosts share a test process).
    /// </summary>
    private sealed class Queries
    {
        public static readonly ConditionalWeakTable<IModel, Queries> ByModel = new();

        // The volunteer profile in the same round trip (a left join on its key).
        public readonly Func<CareDb, Guid, CancellationToken, Task<CallerRow?>> Caller = EF.CompileAsyncQuery((CareDb db, Guid id, CancellationToken _) =>
            (from u in db.Users.TagWith(Prepared.Tag)
             where u.Id == id
             join v in db.VolunteerProfiles on u.Id equals v.UserId into profiles
             from v in profiles.DefaultIfEmpty()
             select new CallerRow(u.Id, u.DisplayName, u.IsPlatformAdmin,
                 v == null ? null : new VolunteerRow(v.RealName, v.Kind, v.School, v.Skills, v.BirthDate))).SingleOrDefault());

        public readonly Func<CareDb, Guid, IAsyncEnumerable<MembershipRow>> Memberships = EF.CompileAsyncQuery((CareDb db, Guid id) =>
            from m in db.Memberships.TagWith(Prepared.Tag)
            join o in db.Organizations on m.OrganizationId equals o.Id
            where m.UserId == id
            select new MembershipRow(m.OrganizationId, o.Name, m.Role));
    }
}
