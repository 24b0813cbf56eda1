using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Activities;

public sealed record RoleView(Guid Id, string Name, VolunteerKind? VolunteerKind, int? Capacity, int MinPriorActivities, int SeatsTaken, int WaitlistLength);

public sealed record ActivityView(
    Guid Id, Guid OrganizationId, string Title, string Description, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset SignUpClosesAt, DateTimeOffset CancellationDeadline, ActivityStatus Status, bool RequiresApproval, int? MinimumAge,
    IReadOnlyList<string> RequiredSkills, IReadOnlyList<ScheduleSlot> Schedule, int? Capacity, int MinPriorActivities,
    int SeatsTaken, int WaitlistLength, IReadOnlyList<RoleView> Roles, string? CancelReason, string? Series = null)
{
    public static ActivityView From(Activity a, IReadOnlyDictionary<Guid, int> waitlistByRole)
    {
        var roles = a.Roles.OrderBy(r => r.Id)
            .Select(r => new RoleView(r.Id, r.Name, r.VolunteerKind, r.Capacity, r.MinPriorActivities, r.Taken, waitlistByRole.GetValueOrDefault(r.Id)))
            .ToList();
        // Capacity null = at least one role is unlimited.
        int? capacity = roles.Any(r => r.Capacity is null) ? null : roles.Sum(r => r.Capacity!.Value);
        return new ActivityView(a.Id, a.OrganizationId, a.Title, a.Description, a.Location, ChinaTime.ToChina(a.StartsAtUtc),
            ChinaTime.ToChina(a.EndsAtUtc), ChinaTime.ToChina(a.SignUpClosesAtUtc), ChinaTime.ToChina(a.CancellationClosesAtUtc), a.Status,
            a.RequiresApproval, a.MinimumAge, a.RequiredSkillList, a.Schedule, capacity, roles.Min(r => r.MinPriorActivities),
            roles.Sum(r => r.SeatsTaken), roles.Sum(r => r.WaitlistLength), roles, a.CancelReason, a.Series);
    }

    public static ActivityView From(Activity a, int waitlistLength) =>
        From(a, a.Roles.Count == 1 ? new Dictionary<Guid, int> { [a.Roles[0].Id] = waitlistLength } : new Dictionary<Guid, int>());
}

public static class ActivityLoading
{
    public static async Task<Activity> LoadActivityAsync(this CareDb db, Guid activityId, CancellationToken ct) =>
        await db.Activities.Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == activityId, ct)
        ?? throw new NotFoundException("该活动");

    /// <summary>The activity (read-only) if the caller organizes its organisation; to anyone else it does not exist.</summary>
    public static async Task<Activity> LoadForOrganizerAsync(this CareDb db, Guid activityId, Guid callerId, CancellationToken ct)
    {
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null || !await db.HasRoleAsync(callerId, activity.OrganizationId, Access.Organizers, ct)) throw new NotFoundException("该活动");
        return activity;
    }

    public static async Task<ActivityView> ViewAsync(this CareDb db, Activity activity, CancellationToken ct)
    {
        var waitlist = await db.SignUps.AsNoTracking()
            .Where(s => s.ActivityId == activity.Id && s.Status == SignUpStatus.Waitlisted)
            .GroupBy(s => s.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return ActivityView.From(activity, waitlist);
    }
}
