using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Activities;

/// <summary>What the rules of a volunteer role look at, gathered once per check.</summary>
public sealed record VolunteerFacts(
    bool HasProfile, int AttendedActivities, VolunteerKind? Kind, IReadOnlyCollection<string> Skills, int? Age, bool HasGuardianConsent);

/// <summary>The rules of one role of one activity, expressed for the generic evaluator.</summary>
public static class VolunteerRules
{
    public static IEnumerable<IRule<VolunteerFacts>> For(Activity activity, ActivityRole role)
    {
        yield return Rules.Must<VolunteerFacts>("volunteer_profile_required", f => f.HasProfile, "请先完善志愿者资料（姓名、手机号、出生日期）");
        yield return Rules.When<VolunteerFacts>(f => f.HasProfile && f.Age < VolunteerProfile.AdultAge,
            Rules.Must<VolunteerFacts>("guardian_consent_required", f => f.HasGuardianConsent, "未满 18 周岁的志愿者报名前需要监护人同意，请先登记监护人同意"));
        // CONTRACT.md's profile has no birth date: without one the volunteer counts as an adult (the mini-program asks
        // for it, and minors give it to record their guardian's consent); only an activity with a minimum age needs it.
        if (activity.MinimumAge is { } minimumAge)
        {
            yield return Rules.When<VolunteerFacts>(f => f.HasProfile,
                Rules.Must<VolunteerFacts>("birth_date_required", f => f.Age is not null, "该活动有年龄要求，报名前请在志愿者资料中填写出生日期"));
            yield return Rules.When<VolunteerFacts>(f => f.Age is not null, Rules.AtLeast<VolunteerFacts>("below_minimum_age", minimumAge, f => f.Age!.Value,
                (required, actual) => $"该活动要求年满 {required} 周岁，你目前 {actual} 周岁"));
        }
        if (role.VolunteerKind is { } kind)
            yield return Rules.When<VolunteerFacts>(f => f.HasProfile, Rules.Equal<VolunteerFacts, VolunteerKind?>("volunteer_kind_mismatch", kind, f => f.Kind,
                (_, _) => $"「{role.Name}」岗位只接受{(kind == VolunteerKind.Student ? "学生志愿者" : "社会志愿者")}报名"));
        if (activity.RequiredSkillList.Count > 0)
            yield return Rules.ContainsAll<VolunteerFacts>("required_skills_missing", activity.RequiredSkillList, f => f.Skills,
                missing => $"该活动需要以下技能：{string.Join("、", missing)}");
        if (role.MinPriorActivities > 0)
            yield return Rules.AtLeast<VolunteerFacts>("insufficient_prior_activities", role.MinPriorActivities, f => f.AttendedActivities,
                (required, actual) => $"需要至少参加过 {required} 次本协会的志愿服务活动，你目前参加了 {actual} 次，还差 {required - actual} 次");
    }
}

public static class VolunteerEligibility
{
    public static async Task<VolunteerFacts> FactsAsync(this CareDb db, Guid volunteerId, Activity activity, DateTimeOffset now, CancellationToken ct) =>
        (await db.FactsAsync([volunteerId], activity, now, ct))[volunteerId];

    /// <summary>The facts of many volunteers in two queries, whatever their number (sign-up batches, organizer lists).</summary>
    public static async Task<IReadOnlyDictionary<Guid, VolunteerFacts>> FactsAsync(this CareDb db, IReadOnlyCollection<Guid> volunteerIds,
        Activity activity, DateTimeOffset now, CancellationToken ct)
    {
        var profiles = await db.VolunteerProfiles.AsNoTracking().Where(v => volunteerIds.Contains(v.UserId)).ToDictionaryAsync(v => v.UserId, ct);
        var attended = await db.AttendedActivityCountsAsync(volunteerIds, activity.OrganizationId, now, ct);
        return volunteerIds.Distinct().ToDictionary(id => id, id => profiles.TryGetValue(id, out var profile)
            ? new VolunteerFacts(true, attended.GetValueOrDefault(id), profile.Kind, profile.SkillList, profile.AgeOn(ChinaStart(activity)), profile.HasGuardianConsent)
            : new VolunteerFacts(false, attended.GetValueOrDefault(id), null, [], null, false));
    }

    public static async Task<EligibilityVerdict> EvaluateAsync(this CareDb db, Guid volunteerId, Activity activity, ActivityRole role, DateTimeOffset now, CancellationToken ct) =>
        RuleEvaluator.Evaluate(await db.FactsAsync(volunteerId, activity, now, ct), VolunteerRules.For(activity, role));

    private static DateTimeOffset ChinaStart(Activity activity) => new(activity.StartsAtUtc, TimeSpan.Zero);
}
