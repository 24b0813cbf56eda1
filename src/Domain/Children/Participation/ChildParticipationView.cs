using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Children.Participation;

public sealed record ChildParticipationView(Guid Id, Guid ActivityId, Guid ChildId, ChildParticipationStatus Status, DateTimeOffset EnrolledAt,
    DateTimeOffset? DecidedAt, DateTimeOffset? AttendedAt)
{
    public static ChildParticipationView Of(ChildParticipant p) => new(p.Id, p.ActivityId, p.ChildId, p.Status, ChinaTime.ToChina(p.EnrolledAtUtc),
        p.DecidedAtUtc is { } d ? ChinaTime.ToChina(d) : null, p.AttendedAtUtc is { } a ? ChinaTime.ToChina(a) : null);
}

public sealed record ChildAdmissionView(Guid ActivityId, string? Series, int? Places, int Taken, int? MinGrade, bool FirstTimersOfSeriesOnly,
    IReadOnlyList<ConsentScope> ConsentScopes, bool RequiresParentalApproval)
{
    public static ChildAdmissionView Of(ChildAdmission a, Activity activity) => new(a.ActivityId, activity.Series, a.Places, a.Taken, a.MinGrade,
        a.FirstTimersOfSeriesOnly, ConsentScopeNames.ToList(a.RequiredConsent), a.RequiresParentalApproval);
}

public static class ChildParticipationAccess
{
    /// <summary>
    /// The activity, if the caller is staff (admin/organizer/teacher membership) of its organisation — the same people
    /// who see that organisation's children. To anyone else it does not exist here (404).
    /// </summary>
    public static async Task<Activity> LoadForChildStaffAsync(this CareDb db, Guid activityId, Guid callerId, CancellationToken ct)
    {
        var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null || !await db.Memberships.AnyAsync(m => m.UserId == callerId && m.OrganizationId == activity.OrganizationId
                                                                     && Access.Staff.Contains(m.Role), ct))
            throw new NotFoundException("该活动");
        return activity;
    }

    public static async Task<ChildAdmission> AdmissionOfAsync(this CareDb db, Guid activityId, CancellationToken ct) =>
        await db.ChildAdmissions.AsNoTracking().SingleOrDefaultAsync(a => a.ActivityId == activityId, ct)
        ?? throw new DomainException("activity_not_open_to_children", "该活动不接收儿童参加");

    /// <summary>Takes one child place if one is free (<c>UPDATE … SET Taken = Taken + 1 WHERE Places IS NULL OR Taken &lt; Places</c>).</summary>
    public static async Task<bool> TryTakeChildPlaceAsync(this CareDb db, Guid activityId, CancellationToken ct) =>
        await db.ChildAdmissions.Where(a => a.ActivityId == activityId && (a.Places == null || a.Taken < a.Places))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Taken, a => a.Taken + 1), ct) == 1;

    public static Task ReleaseChildPlaceAsync(this CareDb db, Guid activityId, CancellationToken ct) =>
        db.ChildAdmissions.Where(a => a.ActivityId == activityId && a.Taken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Taken, a => a.Taken - 1), ct);
}
