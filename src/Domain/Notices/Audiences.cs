using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Notices;

/// <summary>Answers "who is in this audience".</summary>
public interface IAudienceDirectory
{
    /// <summary>The user ids of the audience, each once.</summary>
    Task<IReadOnlyList<Guid>> ResolveAsync(Guid organizationId, Audience audience, CancellationToken ct);
}

/// <summary>
/// Audiences from the features that own them: the parents are the people linked (guardian invite) to the organisation's
/// current children — active, with no deletion requested — and a class is the same minus the other classes; the parent
/// role of a membership is not used, since it stays when a child leaves, a deletion is requested or the record is erased.
/// Volunteers are the organisation's members in that role (a volunteer also counts once they hold a sign-up of one of its
/// activities); an activity is the volunteers whose sign-up is still live (pending, confirmed, waitlisted, offered).
/// </summary>
public sealed class AudienceDirectory(CareDb db) : IAudienceDirectory
{
    private static readonly SignUpStatus[] LiveSignUps = [SignUpStatus.Pending, SignUpStatus.Confirmed, SignUpStatus.Waitlisted, SignUpStatus.Offered];

    public async Task<IReadOnlyList<Guid>> ResolveAsync(Guid organizationId, Audience audience, CancellationToken ct)
    {
        var currentChildren = db.Children.Where(c => c.OrganizationId == organizationId && c.Status == ChildStatus.Active && c.DeletionRequestedAtUtc == null);
        var classNames = audience.Kind == AudienceKind.Class ? await ClassNames.MatchingAsync(currentChildren, audience.ClassName ?? "", ct) : [];
        var members = audience.Kind switch
        {
            AudienceKind.Parents =>
                from link in db.GuardianLinks
                join c in currentChildren on link.ChildId equals c.Id
                select link.UserId,
            AudienceKind.Volunteers => MembersIn(organizationId, Role.Volunteer).Union(
                from s in db.SignUps
                join a in db.Activities on s.ActivityId equals a.Id
                where a.OrganizationId == organizationId && LiveSignUps.Contains(s.Status)
                select s.VolunteerId),
            AudienceKind.Class =>
                from link in db.GuardianLinks
                join c in currentChildren on link.ChildId equals c.Id
                where classNames.Contains(c.ClassName)
                select link.UserId,
            AudienceKind.Activity =>
                from s in db.SignUps
                join a in db.Activities on s.ActivityId equals a.Id
                where a.Id == audience.ActivityId && a.OrganizationId == organizationId && LiveSignUps.Contains(s.Status)
                select s.VolunteerId,
            _ => throw new ArgumentOutOfRangeException(nameof(audience), audience.Kind, null),
        };
        return await members.Distinct().ToListAsync(ct);
    }

    private IQueryable<Guid> MembersIn(Guid organizationId, Role role) =>
        db.Memberships.Where(m => m.OrganizationId == organizationId && m.Role == role).Select(m => m.UserId);
}
