using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Notices;

/// <summary>
/// Answers "who is in this audience". A seam: classes (Children) and activity sign-ups (Activities) are built by other
/// features; until they land, <see cref="MembershipAudienceDirectory"/> answers from memberships and the
/// <see cref="AudienceGroupMember"/> roster. Those features replace the class/activity part with their own tables.
/// </summary>
public interface IAudienceDirectory
{
    /// <summary>The user ids of the audience, each once.</summary>
    Task<IReadOnlyList<Guid>> ResolveAsync(Guid organizationId, Audience audience, CancellationToken ct);
}

/// <summary>
/// Today's roster of named groups of an organisation (<c>class:三(2)班</c>, <c>activity:{id}</c>) — the stand-in for the
/// class lists and activity sign-ups other features own.
/// </summary>
public sealed class AudienceGroupMember
{
    private AudienceGroupMember() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Group { get; private set; } = "";
    public Guid UserId { get; private set; }

    public static string ClassGroup(string className) => "class:" + className.Trim();
    public static string ActivityGroup(Guid activityId) => "activity:" + activityId;

    public static AudienceGroupMember Add(Guid organizationId, string group, Guid userId) =>
        new() { Id = Guid.CreateVersion7(), OrganizationId = organizationId, Group = group, UserId = userId };
}

public sealed class MembershipAudienceDirectory(CareDb db) : IAudienceDirectory
{
    public async Task<IReadOnlyList<Guid>> ResolveAsync(Guid organizationId, Audience audience, CancellationToken ct)
    {
        var role = audience.Kind is AudienceKind.Parents or AudienceKind.Class ? Role.Parent : Role.Volunteer;
        var members = db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId && m.Role == role).Select(m => m.UserId);
        var group = audience.Kind switch
        {
            AudienceKind.Class => AudienceGroupMember.ClassGroup(audience.ClassName ?? ""),
            AudienceKind.Activity => AudienceGroupMember.ActivityGroup(audience.ActivityId ?? Guid.Empty),
            _ => null,
        };
        if (group is not null)
        {
            var inGroup = db.AudienceGroupMembers.AsNoTracking().Where(g => g.OrganizationId == organizationId && g.Group == group).Select(g => g.UserId);
            members = members.Where(id => inGroup.Contains(id));
        }
        return await members.Distinct().ToListAsync(ct);
    }
}
