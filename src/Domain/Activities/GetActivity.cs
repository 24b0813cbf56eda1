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

public sealed record ListActivitiesQuery(ActivityStatus? Status, Guid? OrganizationId, PageRequest Paging) : IQuery<Page<ActivityView>>;

/// <summary>The public list: never drafts (organizers find theirs by id or in the console), soonest first.</summary>
public sealed class ListActivitiesHandler(CareDb db) : IQueryHandler<ListActivitiesQuery, Page<ActivityView>>
{
    public async ValueTask<Page<ActivityView>> Handle(ListActivitiesQuery query, CancellationToken ct)
    {
        var status = query.Status is null or ActivityStatus.Draft ? ActivityStatus.Published : query.Status.Value;
        var list = db.Activities.AsNoTracking().Where(a => a.Status == status && !a.Imported);
        if (query.OrganizationId is { } orgId) list = list.Where(a => a.OrganizationId == orgId);
        var total = await list.CountAsync(ct);
        var rows = await list.Include(a => a.Roles).OrderBy(a => a.StartsAtUtc).ThenBy(a => a.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        var ids = rows.Select(a => a.Id).ToList();
        var waitlist = await db.SignUps.AsNoTracking()
            .Where(s => ids.Contains(s.ActivityId) && s.Status == SignUpStatus.Waitlisted)
            .GroupBy(s => s.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Page<ActivityView>(rows.Select(a => ActivityView.From(a, waitlist)).ToList(), total);
    }
}
