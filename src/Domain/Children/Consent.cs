namespace WechatCare.Domain.Children;

/// <summary>What a guardian agreed to, scope by scope (PIPL Art. 31: a separate consent for a minor's data).</summary>
[Flags]
public enum ConsentScopes
{
    None = 0,
    BasicArchive = 1,
    HealthNotes = 2,
    ParentsContact = 4,
    Photos = 8,
}

/// <summary>The JSON names of the scopes (kebab-case, as every enum travels).</summary>
public enum ConsentScope { BasicArchive, HealthNotes, ParentsContact, Photos }

public static class ConsentScopeNames
{
    public static ConsentScopes ToFlags(IEnumerable<ConsentScope> scopes) =>
        scopes.Aggregate(ConsentScopes.None, (all, s) => all | (ConsentScopes)(1 << (int)s));

    public static IReadOnlyList<ConsentScope> ToList(ConsentScopes flags) =>
        Enum.GetValues<ConsentScope>().Where(s => flags.HasFlag((ConsentScopes)(1 << (int)s))).ToList();

    /// <summary>As the API writes it in JSON (kebab-case, e.g. <c>health-notes</c>).</summary>
    public static string WireName(ConsentScope scope) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(scope.ToString());

    /// <summary>What a guardian or teacher reads.</summary>
    public static string ChineseName(ConsentScope scope) => scope switch
    {
        ConsentScope.BasicArchive => "基本档案",
        ConsentScope.HealthNotes => "健康信息",
        ConsentScope.ParentsContact => "父母联系方式",
        ConsentScope.Photos => "照片",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };
}

/// <summary>How the consent was given: a signed paper form, in the mini-program, or by phone with a witness.</summary>
public enum ConsentMethod { Paper, InApp, Phone }

/// <summary>
/// One consent a guardian gave (a renewal is a new row; erased with the child). No archive row exists without one.
/// </summary>
public sealed class GuardianConsent
{
    private GuardianConsent() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public string GivenBy { get; private set; } = "";
    public string Relation { get; private set; } = "";
    public int ScopeBits { get; private set; }
    public string PolicyVersion { get; private set; } = "";
    public ConsentMethod Method { get; private set; }
    public DateTime GivenAtUtc { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    public ConsentScopes Scopes => (ConsentScopes)ScopeBits;

    public static GuardianConsent Record(Guid childId, string givenBy, string relation, ConsentScopes scopes, string policyVersion,
        ConsentMethod method, DateTimeOffset givenAt, Guid recordedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ChildId = childId,
        GivenBy = givenBy.Trim(),
        Relation = relation.Trim(),
        ScopeBits = (int)scopes,
        PolicyVersion = policyVersion,
        Method = method,
        GivenAtUtc = givenAt.UtcDateTime,
        RecordedBy = recordedBy,
        RecordedAtUtc = now.UtcDateTime,
    };
}

/// <summary>A guardian (or staff on their behalf) withdrew scopes: recorded for the history, applied on <see cref="Child"/>.</summary>
public sealed class ConsentWithdrawal : Data.IAppendOnly
{
    private ConsentWithdrawal() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public int ScopeBits { get; private set; }
    public Guid WithdrawnBy { get; private set; }
    public DateTime WithdrawnAtUtc { get; private set; }

    public static ConsentWithdrawal Record(Guid childId, ConsentScopes scopes, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), ChildId = childId, ScopeBits = (int)scopes, WithdrawnBy = by, WithdrawnAtUtc = now.UtcDateTime,
    };
}
