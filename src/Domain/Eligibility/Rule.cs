namespace WechatCare.Domain.Eligibility;

/// <summary>
/// One requirement a subject (a volunteer, a child, a family…) must meet. <see cref="Check"/> is pure: it looks only at
/// the facts it is given and answers null when the requirement is met, or an <see cref="UnmetRule"/> that explains why not.
/// </summary>
public interface IRule<in TFacts>
{
    string Code { get; }
    UnmetRule? Check(TFacts facts);
}

/// <summary>
/// A requirement that is not met, with the numbers behind it: <see cref="Required"/> and <see cref="Actual"/> are what
/// clients show ("至少 3 次 / 目前 2 次"); <see cref="Detail"/> is the Chinese sentence for the person.
/// </summary>
public sealed record UnmetRule(string Code, object? Required, object? Actual, string Detail);

/// <summary>Ready-made rule shapes. Each takes a stable code, how to read the fact, and how to say the shortfall in Chinese.</summary>
public static class Rules
{
    /// <summary>A count that must reach <paramref name="required"/>; the detail is told required, actual and the shortfall.</summary>
    public static IRule<T> AtLeast<T>(string code, int required, Func<T, int> actual, Func<int, int, string> detail) =>
        new Delegated<T>(code, facts =>
        {
            var value = actual(facts);
            return value >= required ? null : new UnmetRule(code, required, value, detail(required, value));
        });

    /// <summary>A count that must not exceed <paramref name="allowed"/> (e.g. earlier editions of a series attended).</summary>
    public static IRule<T> AtMost<T>(string code, int allowed, Func<T, int> actual, Func<int, int, string> detail) =>
        new Delegated<T>(code, facts =>
        {
            var value = actual(facts);
            return value <= allowed ? null : new UnmetRule(code, allowed, value, detail(allowed, value));
        });

    /// <summary>A set that must contain every required item; Required/Actual are the lists, the detail names what is missing.</summary>
    public static IRule<T> ContainsAll<T>(string code, IReadOnlyCollection<string> required, Func<T, IReadOnlyCollection<string>> actual,
        Func<IReadOnlyList<string>, string> detail) =>
        new Delegated<T>(code, facts =>
        {
            var have = actual(facts);
            var missing = required.Where(r => !have.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            return missing.Count == 0 ? null : new UnmetRule(code, required.ToList(), have.ToList(), detail(missing));
        });

    /// <summary>A value that must equal <paramref name="required"/> (e.g. a kind of volunteer, a grade).</summary>
    public static IRule<T> Equal<T, TValue>(string code, TValue required, Func<T, TValue> actual, Func<TValue, TValue, string> detail) =>
        new Delegated<T>(code, facts =>
        {
            var value = actual(facts);
            return EqualityComparer<TValue>.Default.Equals(value, required) ? null : new UnmetRule(code, required, value, detail(required, value));
        });

    /// <summary>A yes/no condition with no numbers (e.g. a guardian's consent is on file).</summary>
    public static IRule<T> Must<T>(string code, Func<T, bool> condition, string detail) =>
        new Delegated<T>(code, facts => condition(facts) ? null : new UnmetRule(code, true, false, detail));

    /// <summary>Applies <paramref name="rule"/> only when <paramref name="applies"/> holds for the facts.</summary>
    public static IRule<T> When<T>(Func<T, bool> applies, IRule<T> rule) =>
        new Delegated<T>(rule.Code, facts => applies(facts) ? rule.Check(facts) : null);

    private sealed class Delegated<T>(string code, Func<T, UnmetRule?> check) : IRule<T>
    {
        public string Code => code;
        public UnmetRule? Check(T facts) => check(facts);
    }
}
