using WechatCare.Domain.Common;

namespace WechatCare.Domain.Eligibility;

/// <summary>Every rule checked, every shortfall kept: a person is told everything that stands in the way at once.</summary>
public sealed record EligibilityVerdict(IReadOnlyList<UnmetRule> Unmet)
{
    public bool IsEligible => Unmet.Count == 0;

    /// <summary>
    /// Throws a 422 <see cref="DomainException"/> for the first unmet rule (its code, detail, <c>required</c> and
    /// <c>actual</c>), with every unmet rule under <c>unmet</c>. Does nothing when all rules are met.
    /// </summary>
    public void ThrowIfUnmet()
    {
        if (IsEligible) return;
        var first = Unmet[0];
        throw new DomainException(first.Code, first.Detail, new Dictionary<string, object?>
        {
            ["required"] = first.Required,
            ["actual"] = first.Actual,
            ["unmet"] = Unmet,
        });
    }
}

/// <summary>The pure evaluator: rules in, the list of unmet ones out. No database, no clock, no side effects.</summary>
public static class RuleEvaluator
{
    public static EligibilityVerdict Evaluate<T>(T facts, IEnumerable<IRule<T>> rules) =>
        new(rules.Select(r => r.Check(facts)).OfType<UnmetRule>().ToList());
}
