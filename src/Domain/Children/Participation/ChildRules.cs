using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;

namespace WechatCare.Domain.Children.Participation;

/// <summary>Where a parent's approval stands for one child and one activity.</summary>
public enum ParentalApproval { NotRequested, Pending, Declined, Given }

/// <summary>What the child-side rules look at, gathered in one query per check (see <see cref="ChildCandidates"/>).</summary>
public sealed record ChildFacts(
    int Grade, int AttendedSeriesLastYear, ConsentScopes Consent, bool ConsentCurrent, int LinkedParents, ParentalApproval Approval);

/// <summary>
/// The rules an activity's <see cref="ChildAdmission"/> puts on a child, for the same evaluator volunteers go through.
/// <see cref="Admission"/> decides whether staff may enrol the child; <see cref="For"/> adds where the parent's approval
/// stands, i.e. whether the child takes part.
/// </summary>
public static class ChildRules
{
    public static IEnumerable<IRule<ChildFacts>> Admission(Activity activity, ChildAdmission admission)
    {
        if (admission.MinGrade is { } minGrade)
            yield return Rules.AtLeast<ChildFacts>("child_grade_too_low", minGrade, f => f.Grade,
                (required, actual) => $"该活动要求 {required} 年级及以上，该儿童目前 {actual} 年级");
        if (admission.FirstTimersOfSeriesOnly && activity.Series is { } series)
        {
            var lastYear = ChinaTime.ToChina(activity.StartsAtUtc).Year - 1;
            yield return Rules.AtMost<ChildFacts>("attended_series_last_year", 0, f => f.AttendedSeriesLastYear,
                (_, actual) => $"该儿童 {lastYear} 年已参加过「{series}」{actual} 次，本次只接收去年没有参加过的孩子");
        }
        yield return Rules.Must<ChildFacts>("guardian_consent_outdated", f => f.ConsentCurrent, "隐私政策已更新，需监护人重新确认同意后才能报名");
        yield return Rules.ContainsAll<ChildFacts>("guardian_consent_required", ScopeNames(admission.RequiredConsent), f => ScopeNames(f.Consent),
            missing => $"监护人尚未同意以下授权：{string.Join("、", missing.Select(ChineseScope))}");
        if (admission.RequiresParentalApproval)
            yield return Rules.AtLeast<ChildFacts>("linked_parent_required", 1, f => f.LinkedParents,
                (_, _) => "该活动需要家长同意，但该儿童还没有绑定家长，请先发放家长绑定码");
        // A parent's "no" stands: staff cannot enrol the child again.
        yield return Approval("parental_approval_declined", ParentalApproval.Declined, "家长已拒绝孩子参加该活动");
    }

    public static IEnumerable<IRule<ChildFacts>> For(Activity activity, ChildAdmission admission)
    {
        foreach (var rule in Admission(activity, admission)) yield return rule;
        if (!admission.RequiresParentalApproval) yield break;
        yield return Approval("parental_approval_required", ParentalApproval.NotRequested, "该活动需要家长同意：登记报名后会通知家长确认");
        yield return Approval("parental_approval_pending", ParentalApproval.Pending, "已通知家长，等待家长确认");
    }

    private static IRule<ChildFacts> Approval(string code, ParentalApproval state, string detail) =>
        Rules.When<ChildFacts>(f => f.Approval == state,
            Rules.Equal<ChildFacts, ParentalApproval>(code, ParentalApproval.Given, f => f.Approval, (_, _) => detail));

    private static readonly Dictionary<string, ConsentScope> ScopesByWireName = Enum.GetValues<ConsentScope>().ToDictionary(ConsentScopeNames.WireName);

    private static List<string> ScopeNames(ConsentScopes scopes) => ConsentScopeNames.ToList(scopes).Select(ConsentScopeNames.WireName).ToList();

    private static string ChineseScope(string wireName) => ConsentScopeNames.ChineseName(ScopesByWireName[wireName]);
}

/// <summary>A child as the rules and the organizer's list see it: the few fields read, and the facts.</summary>
public sealed record ChildCandidate(Guid Id, string Name, int Grade, string ClassName, ChildParticipationStatus? Status, ChildFacts Facts);

public static class ChildCandidates
{
    /// <summary>
    /// Active children of the activity's organisation that the caller sees as staff, with every fact the rules need
    /// computed in the same SQL query (linked parents, this activity's participation, last year's editions attended).
    /// "Last year" is the calendar year (Asia/Shanghai) before the activity's start; an edition counts when it is of the
    /// same series and organisation, was not cancelled, and the child's attendance was recorded.
    /// </summary>
    public static IQueryable<ChildCandidateRow> CandidatesFor(this CareDb db, Guid callerId, Activity activity, Guid? childId = null)
    {
        var year = ChinaTime.ToChina(activity.StartsAtUtc).Year;
        var lastYearStart = YearStartUtc(year - 1);
        var thisYearStart = YearStartUtc(year);
        var series = activity.Series;
        var activityId = activity.Id;
        var organizationId = activity.OrganizationId;
        return from v in db.VisibleTo(callerId)
               where v.Staff && v.Child.OrganizationId == organizationId && v.Child.Status == ChildStatus.Active
                     && (childId == null || v.Child.Id == childId)
               let c = v.Child
               select new ChildCandidateRow(c.Id, c.Name, c.Grade, c.ClassName, c.ConsentScopeBits, c.ConsentPolicyVersion,
                   db.GuardianLinks.Count(l => l.ChildId == c.Id),
                   db.ChildParticipants.Where(p => p.ActivityId == activityId && p.ChildId == c.Id).Select(p => (ChildParticipationStatus?)p.Status).FirstOrDefault(),
                   series == null ? 0 : db.ChildParticipants.Count(p => p.ChildId == c.Id && p.AttendedAtUtc != null
                       && db.Activities.Any(a => a.Id == p.ActivityId && a.OrganizationId == organizationId && a.Series == series
                                                 && a.Status != ActivityStatus.Cancelled && a.StartsAtUtc >= lastYearStart && a.StartsAtUtc < thisYearStart)));
    }

    public static ChildCandidate ToCandidate(this ChildCandidateRow row, string currentPolicy) => new(row.Id, row.Name, row.Grade, row.ClassName, row.Status,
        new ChildFacts(row.Grade, row.AttendedSeriesLastYear, (ConsentScopes)row.ConsentScopeBits, row.ConsentPolicyVersion == currentPolicy,
            row.LinkedParents, row.Status switch
            {
                ChildParticipationStatus.PendingApproval => ParentalApproval.Pending,
                ChildParticipationStatus.Declined => ParentalApproval.Declined,
                // Confirmed while approval is required means a parent said yes (or the rule came later: the enrolment stands).
                ChildParticipationStatus.Confirmed => ParentalApproval.Given,
                _ => ParentalApproval.NotRequested,
            }));

    private static DateTime YearStartUtc(int year) => new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Zone.GetUtcOffset(new DateTime(year, 1, 1))).UtcDateTime;
}

public sealed record ChildCandidateRow(Guid Id, string Name, int Grade, string ClassName, int ConsentScopeBits, string ConsentPolicyVersion,
    int LinkedParents, ChildParticipationStatus? Status, int AttendedSeriesLastYear);
