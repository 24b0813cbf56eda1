using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Organizations;

/// <summary>
/// Role checks shared by every feature. Platform admins pass <see cref="HasRoleAsync"/> and <see cref="RequireRoleAsync"/>;
/// anything that shows children's data uses <see cref="HasMembershipAsync"/> instead (platform admins have no implicit
/// access to children: they need a membership like anyone else).
/// </summary>
public static class Access
{
    public static readonly Role[] Staff = [Role.Admin, Role.Organizer, Role.Teacher];
    public static readonly Role[] Organizers = [Role.Admin, Role.Organizer];

    public static async Task<bool> HasRoleAsync(this CareDb db, Guid userId, Guid organizationId, IReadOnlyCollection<Role> roles, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Id == userId && u.IsPlatformAdmin, ct)) return true;
        return await db.HasMembershipAsync(userId, organizationId, roles, ct);
    }

    /// <summary>A real membership of the organisation with one of <paramref name="roles"/>; being a platform admin does not count.</summary>
    public static Task<bool> HasMembershipAsync(this CareDb db, Guid userId, Guid organizationId, IReadOnlyCollection<Role> roles, CancellationToken ct) =>
        db.Memberships.AnyAsync(m => m.UserId == userId && m.OrganizationId == organizationId && roles.Contains(m.Role), ct);

    /// <summary>404 when the organisation does not exist, 403 when the caller lacks every one of <paramref name="roles"/>.</summary>
    public static async Task RequireRoleAsync(this CareDb db, Guid userId, Guid organizationId, IReadOnlyCollection<Role> roles, CancellationToken ct)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)) throw new NotFoundException("该组织");
        if (!await db.HasRoleAsync(userId, organizationId, roles, ct)) throw new ForbiddenException();
    }

    public static async Task RequirePlatformAdminAsync(this CareDb db, Guid userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.IsPlatformAdmin, ct))
            throw new ForbiddenException("只有平台管理员可以执行此操作");
    }
}
