using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;

namespace WechatCare.Domain.Activities;

public sealed record ListSignUpsQuery(Guid CallerId, Guid ActivityId) : IQuery<SignUpList>;

public sealed record SignUpRow(Guid Id, Guid UserId, string? RealName, Guid RoleId, string RoleName, SignUpStatus Status, int? Position,
    DateTimeOffset SignedUpAt, DateTimeOffset? OfferExpiresAt, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, decimal? Hours,
    bool CheckOutMissing, bool Eligible, IReadOnlyList<UnmetRule> Unmet);

public sealed record SignUpList(Guid ActivityId, string Title, IReadOnlyList<SignUpRow> Items, int Total);

/// <summary>For the activity's organizers: everyone signed up, with status, waitlist position and eligibility today.</summary>
public sealed class ListSignUpsHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListSignUpsQuery, SignUpList>
{
    public async ValueTask<SignUpList> Handle(ListSignUpsQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadForOrganizerAsync(query.ActivityId, query.CallerId, ct);

        var signUps = await db.SignUps.AsNoTracking().Where(s => s.ActivityId == activity.Id).ToListAsync(ct);
        var userIds = signUps.Select(s => s.VolunteerId).ToList();
        var names = await db.VolunteerProfiles.AsNoTracking().Where(v => userIds.Contains(v.UserId)).ToDictionaryAsync(v => v.UserId, v => v.RealName, ct);
        var roles = activity.Roles.ToDictionary(r => r.Id);
        var positions = signUps.Where(s => s.Status == SignUpStatus.Waitlisted).GroupBy(s => s.RoleId)
            .SelectMany(g => g.OrderBy(s => s.WaitlistNumber).Select((s, i) => (s.Id, Position: i + 1)))
            .ToDictionary(x => x.Id, x => x.Position);
        var facts = await db.FactsAsync(signUps.Where(s => s.IsActive).Select(s => s.VolunteerId).ToList(), activity, now, ct);

        var rows = new List<SignUpRow>();
        foreach (var s in signUps.OrderBy(s => s.Status).ThenBy(s => s.WaitlistNumber).ThenBy(s => s.CreatedAtUtc))
        {
            var role = roles[s.RoleId];
            var verdict = s.IsActive ? RuleEvaluator.Evaluate(facts[s.VolunteerId], VolunteerRules.For(activity, role)) : new EligibilityVerdict([]);
            rows.Add(new SignUpRow(s.Id, s.VolunteerId, names.GetValueOrDefault(s.VolunteerId), role.Id, role.Name, s.Status,
                positions.TryGetValue(s.Id, out var p) ? p : null, ChinaTime.ToChina(s.CreatedAtUtc),
                s.OfferExpiresAtUtc is { } e ? ChinaTime.ToChina(e) : null, s.CheckedInAtUtc is { } i ? ChinaTime.ToChina(i) : null,
                s.CheckedOutAtUtc is { } o ? ChinaTime.ToChina(o) : null, s.Hours, s.CheckOutMissing, verdict.IsEligible, verdict.Unmet));
        }
        return new SignUpList(activity.Id, activity.Title, rows, rows.Count);
    }
}
