using WechatCare.Domain.Common;
using WechatCare.Domain.Eligibility;

namespace WechatCare.Tests.Activities;

/// <summary>The generic evaluator on its own: any subject, any rules, every shortfall explained.</summary>
public sealed class EligibilityEvaluatorTests
{
    private sealed record Child(int Age, string Grade, IReadOnlyCollection<string> Consents);

    private static readonly IRule<Child>[] CampRules =
    [
        Rules.AtLeast<Child>("too_young", 8, c => c.Age, (r, a) => $"需要年满 {r} 岁，目前 {a} 岁"),
        Rules.Equal<Child, string>("wrong_grade", "三年级", c => c.Grade, (r, a) => $"只限{r}，目前{a}"),
        Rules.ContainsAll<Child>("consent_missing", ["guardian", "school"], c => c.Consents, m => $"缺少：{string.Join("、", m)}"),
    ];

    [Fact]
    public void A_subject_meeting_every_rule_is_eligible()
    {
        var verdict = RuleEvaluator.Evaluate(new Child(9, "三年级", ["guardian", "school"]), CampRules);
        Assert.True(verdict.IsEligible);
        verdict.ThrowIfUnmet();
    }

    [Fact]
    public void Every_unmet_rule_is_listed_with_its_numbers_and_a_chinese_detail()
    {
        var verdict = RuleEvaluator.Evaluate(new Child(6, "一年级", ["guardian"]), CampRules);

        Assert.Equal(["too_young", "wrong_grade", "consent_missing"], verdict.Unmet.Select(u => u.Code));
        Assert.Equal(8, verdict.Unmet[0].Required);
        Assert.Equal(6, verdict.Unmet[0].Actual);
        Assert.Equal("需要年满 8 岁，目前 6 岁", verdict.Unmet[0].Detail);
        Assert.Equal("缺少：school", verdict.Unmet[2].Detail);
    }

    [Fact]
    public void Throwing_names_the_first_unmet_rule_and_carries_them_all()
    {
        var verdict = RuleEvaluator.Evaluate(new Child(6, "三年级", ["guardian", "school"]), CampRules);
        var e = Assert.Throws<DomainException>(verdict.ThrowIfUnmet);
        Assert.Equal("too_young", e.Code);
        Assert.Equal(8, e.Extensions["required"]);
        Assert.Equal(6, e.Extensions["actual"]);
        Assert.Single((IReadOnlyList<UnmetRule>)e.Extensions["unmet"]!);
    }

    [Fact]
    public void A_conditional_rule_applies_only_when_its_condition_holds()
    {
        var consentForYoung = Rules.When<Child>(c => c.Age < 10, Rules.Must<Child>("consent", c => c.Consents.Count > 0, "需要监护人同意"));
        Assert.True(RuleEvaluator.Evaluate(new Child(12, "六年级", []), [consentForYoung]).IsEligible);
        Assert.False(RuleEvaluator.Evaluate(new Child(8, "二年级", []), [consentForYoung]).IsEligible);
    }
}
