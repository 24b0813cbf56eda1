using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Activities;

public sealed record GetServiceRecordQuery(Guid CallerId, Guid? OrganizationId = null) : IQuery<ServiceRecordView>;

public sealed record ServiceItem(Guid ActivityId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Hours, bool Imported, bool CheckOutMissing);

public sealed record OrganizationService(Guid OrganizationId, string OrganizationName, int ActivitiesAttended, decimal Hours, IReadOnlyList<ServiceItem> Items);

public sealed record ServiceRecordView(int ActivitiesAttended, decimal Hours, IReadOnlyList<ServiceItem> Items, IReadOnlyList<OrganizationService> Organizations);

/// <summary>What the volunteer has served: attended activities (confirmed, checked in, ended) with hours, per organisation.</summary>
public sealed class GetServiceRecordHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetServiceRecordQuery, ServiceRecordView>
{
    public async ValueTask<ServiceRecordView> Handle(GetServiceRecordQuery query, CancellationToken ct) =>
        await db.ServiceRecordAsync(query.CallerId, query.OrganizationId, clock.GetUtcNow(), ct);
}

public static class ServiceRecords
{
    public static async Task<ServiceRecordView> ServiceRecordAsync(this CareDb db, Guid volunteerId, Guid? organizationId, DateTimeOffset now, CancellationToken ct)
    {
        var instant = now.UtcDateTime;
        var rows = await (from s in db.SignUps.AsNoTracking()
                          join a in db.Activities.AsNoTracking() on s.ActivityId equals a.Id
                          join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id
                          // Confirmed only: a sign-up cancelled after an early check-in keeps that check-in but counts for nothing.
                          where s.VolunteerId == volunteerId && s.Status == SignUpStatus.Confirmed && s.CheckedInAtUtc != null
                                && a.Status != ActivityStatus.Cancelled && a.EndsAtUtc <= instant
                                && (organizationId == null || a.OrganizationId == organizationId)
                          orderby a.StartsAtUtc
                          select new { o.Id, o.Name, ActivityId = a.Id, a.Title, a.StartsAtUtc, a.EndsAtUtc, s.HalfHours, a.Imported, s.CheckOutMissing, s.CheckedInAtUtc })
            .ToListAsync(ct);
        var lengths = rows.ToDictionary(r => r.ActivityId, r => r.EndsAtUtc - r.StartsAtUtc);
        // A check-in without a check-out on an ended activity counts until its end, as completion would record it.
        var items = rows.Select(r => (r.Id, r.Name, Item: new ServiceItem(r.ActivityId, r.Title, ChinaTime.ToChina(r.StartsAtUtc), ChinaTime.ToChina(r.EndsAtUtc),
            (r.HalfHours ?? ServiceHours.HalfHoursFor(r.EndsAtUtc - r.CheckedInAtUtc!.Value, lengths[r.ActivityId])) / 2m, r.Imported,
            r.CheckOutMissing || r.HalfHours is null))).ToList();
        var organizations = items.GroupBy(i => (i.Id, i.Name))
            .Select(g => new OrganizationService(g.Key.Id, g.Key.Name, g.Count(), g.Sum(i => i.Item.Hours), g.Select(i => i.Item).ToList()))
            .OrderBy(o => o.OrganizationName).ToList();
        return new ServiceRecordView(items.Count, items.Sum(i => i.Item.Hours), items.Select(i => i.Item).ToList(), organizations);
    }
}
