using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;

namespace WechatCare.Domain.Children.Participation;

/// <summary>Staff of the activity's organisation: which of their children may take part, and every reason why not.</summary>
public sealed record PreviewChildEligibilityQuery(Guid CallerId, Guid ActivityId, PageRequest Paging) : IQuery<ChildEligibilityOverview>;

/// <param name="Eligible">Takes part: every rule met, the parent's approval included when the activity asks for it.</param>
/// <param name="CanEnrol">Staff may enrol the child now (the admission rules are met and the child is not enrolled yet).</param>
public sealed record ChildEligibilityRow(Guid ChildId, string Name, int Grade, string ClassName, ChildParticipationStatus? Status,
    bool Eligible, bool CanEnrol, IReadOnlyList<UnmetRule> Unmet);

/// <summary>The counts cover all the organisation's active children; <see cref="Items"/> is one page of them.</summary>
public sealed record ChildEligibilityOverview(Guid ActivityId, ChildAdmissionView Admission, int Children, int Eligible,
    IReadOnlyDictionary<string, int> UnmetByCode, IReadOnlyList<ChildEligibilityRow> Items, int Total);

public sealed class PreviewChildEligibilityHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : IQueryHandler<PreviewChildEligibilityQuery, ChildEligibilityOverview>
{
    public async ValueTask<ChildEligibilityOverview> Handle(PreviewChildEligibilityQuery query, CancellationToken ct)
    {
        var activity = await db.LoadForChildStaffAsync(query.ActivityId, query.CallerId, ct);
        var admission = await db.AdmissionOfAsync(activity.Id, ct);
        var rules = ChildRules.For(activity, admission).ToList();
        var admissionRules = ChildRules.Admission(activity, admission).ToList();

        var candidates = (await db.CandidatesFor(query.CallerId, activity).AsNoTracking().ToListAsync(ct))
            .Select(r => r.ToCandidate(options.Value.ConsentPolicyVersion)).ToList();
        var rows = candidates.Select(c =>
        {
            var verdict = RuleEvaluator.Evaluate(c.Facts, rules);
            var canEnrol = c.Status is null && RuleEvaluator.Evaluate(c.Facts, admissionRules).IsEligible;
            return new ChildEligibilityRow(c.Id, c.Name, c.Grade, c.ClassName, c.Status, verdict.IsEligible, canEnrol, verdict.Unmet);
        }).OrderByDescending(r => r.Eligible).ThenBy(r => r.ClassName).ThenBy(r => r.Name).ThenBy(r => r.ChildId).ToList();
        var page = rows.Skip(query.Paging.Skip).Take(query.Paging.Take).ToList();

        // The children shown on this page were read: one audit row each, saved before the answer leaves.
        var now = clock.GetUtcNow();
        foreach (var row in page)
            db.ChildReadAudits.Add(ChildReadAudit.Record(row.ChildId, query.CallerId, "staff", ["name", "grade", "className", "consent"],
                "PreviewChildEligibility", now));
        await db.SaveChangesAsync(ct);

        var byCode = rows.SelectMany(r => r.Unmet).GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.Count());
        return new ChildEligibilityOverview(activity.Id, ChildAdmissionView.Of(admission, activity), rows.Count, rows.Count(r => r.Eligible),
            byCode, page, rows.Count);
    }
}
