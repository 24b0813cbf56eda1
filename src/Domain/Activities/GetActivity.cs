using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Activities;

/// <summary>Published, cancelled and completed activities are public; a draft only to its organisation's organizers.</summary>
public sealed record GetActivityQuery(Guid? CallerId, Guid ActivityId) : IQuery<ActivityView>;

public sealed class GetActivityHandler(CareDb db) : IQueryHandler<GetActivityQuery, ActivityView>
{
    public async ValueTask<ActivityView> Handle(GetActivityQuery query, CancellationToken ct)
    {
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == query.ActivityId, ct)
            ?? throw new NotFoundException("该活动");
        if (activity.Status == ActivityStatus.Draft &&
            (query.CallerId is not { } caller || !await db.HasRoleAsync(caller, activity.OrganizationId, Access.Organizers, ct)))
            throw new NotFoundException("该活动");
        return await db.ViewAsync(activity, ct);
    }
}

/// <param name="UpcomingOnly">Only activities that have not started yet (sign-up closes at the start at the latest).</param>
public sealed record ListActivitiesQuery(ActivityStatus? Status, Guid? OrganizationId, PageRequest Paging, bool UpcomingOnly = false)
    : IQuery<Page<ActivityView>>;

/// <summary>
/// The public list: never drafts (organizers find theirs by id or in the console). Activities that have not ended come
/// first, soonest first; ended ones (which stay published unless closed) after them, latest first.
/// </summary>
public sealed class ListActivitiesHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListActivitiesQuery, Page<ActivityView>>
{
    public async ValueTask<Page<ActivityView>> Handle(ListActivitiesQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var status = query.Status is null or ActivityStatus.Draft ? ActivityStatus.Published : query.Status.Value;
        var list = db.Activities.AsNoTracking().Where(a => a.Status == status && !a.Imported);
        if (query.OrganizationId is { } orgId) list = list.Where(a => a.OrganizationId == orgId);
        if (query.UpcomingOnly) list = list.Where(a => a.StartsAtUtc > now);
        var total = await list.CountAsync(ct);
        var rows = await list.Include(a => a.Roles)
            .OrderBy(a => a.EndsAtUtc <= now)
            .ThenBy(a => a.EndsAtUtc > now ? a.StartsAtUtc : (DateTime?)null)   // not ended: soonest first
            .ThenByDescending(a => a.StartsAtUtc)                               // ended: latest first
            .ThenBy(a => a.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        var ids = rows.Select(a => a.Id).ToList();
        var waitlist = await db.SignUps.AsNoTracking()
            .Where(s => ids.Contains(s.ActivityId) && s.Status == SignUpStatus.Waitlisted)
            .GroupBy(s => s.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Page<ActivityView>(rows.Select(a => ActivityView.From(a, waitlist)).ToList(), total);
    }
}
