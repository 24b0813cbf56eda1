using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Activities;

public sealed record GetEligibilityQuery(Guid CallerId, Guid ActivityId) : IQuery<EligibilityView>;

public sealed record RoleEligibility(Guid RoleId, string RoleName, bool Eligible, IReadOnlyList<UnmetRule> Unmet);

/// <summary>Before trying: for every role of the activity, whether the caller may sign up and, if not, every reason.</summary>
public sealed record EligibilityView(Guid ActivityId, int AttendedActivities, bool Eligible, IReadOnlyList<RoleEligibility> Roles);

public sealed class GetEligibilityHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetEligibilityQuery, EligibilityView>
{
    public async ValueTask<EligibilityView> Handle(GetEligibilityQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == query.ActivityId, ct);
        if (activity is null || activity.Status == ActivityStatus.Draft) throw new NotFoundException("该活动");
        var facts = await db.FactsAsync(query.CallerId, activity, now, ct);
        var roles = activity.Roles.OrderBy(r => r.Id)
            .Select(r => (Role: r, Verdict: RuleEvaluator.Evaluate(facts, VolunteerRules.For(activity, r))))
            .Select(x => new RoleEligibility(x.Role.Id, x.Role.Name, x.Verdict.IsEligible, x.Verdict.Unmet))
            .ToList();
        return new EligibilityView(activity.Id, facts.AttendedActivities, roles.Any(r => r.Eligible), roles);
    }
}

public sealed record GetVolunteerEligibilityQuery(Guid CallerId, Guid ActivityId) : IQuery<VolunteerEligibilityOverview>;

public sealed record VolunteerEligibilityRow(Guid UserId, string? RealName, bool Eligible, IReadOnlyList<UnmetRule> Unmet);

/// <summary>For organizers: how many of the organisation's volunteers could sign up, and why the rest cannot.</summary>
public sealed record VolunteerEligibilityOverview(Guid ActivityId, int Volunteers, int Eligible, IReadOnlyDictionary<string, int> UnmetByCode,
    IReadOnlyList<VolunteerEligibilityRow> Items);

public sealed class GetVolunteerEligibilityHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetVolunteerEligibilityQuery, VolunteerEligibilityOverview>
{
    public async ValueTask<VolunteerEligibilityOverview> Handle(GetVolunteerEligibilityQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadForOrganizerAsync(query.ActivityId, query.CallerId, ct);

        var volunteerIds = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == activity.OrganizationId && m.Role == Role.Volunteer).Select(m => m.UserId).Distinct().ToListAsync(ct);
        var names = await db.VolunteerProfiles.AsNoTracking().Where(v => volunteerIds.Contains(v.UserId))
            .ToDictionaryAsync(v => v.UserId, v => v.RealName, ct);
        var allFacts = await db.FactsAsync(volunteerIds, activity, now, ct);
        var rows = new List<VolunteerEligibilityRow>();
        foreach (var id in volunteerIds)
        {
            var facts = allFacts[id];
            // Eligible for at least one role; otherwise the reasons for the role that asks least of them.
            var verdicts = activity.Roles.Select(r => RuleEvaluator.Evaluate(facts, VolunteerRules.For(activity, r))).ToList();
            var best = verdicts.OrderBy(v => v.Unmet.Count).First();
            rows.Add(new VolunteerEligibilityRow(id, names.GetValueOrDefault(id), best.IsEligible, best.Unmet));
        }
        var byCode = rows.SelectMany(r => r.Unmet).GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.Count());
        return new VolunteerEligibilityOverview(activity.Id, rows.Count, rows.Count(r => r.Eligible), byCode,
            rows.OrderBy(r => r.Eligible).ThenBy(r => r.RealName).ToList());
    }
}
