using System.Text.Json.Serialization;

namespace WechatCare.Domain.Children;

/// <summary>
/// A child's record as one reader may see it. Fields the reader may not see are absent from the JSON (not null),
/// e.g. a mentor gets only id, name, grade and hobbies.
/// </summary>
public sealed record ChildView
{
    private const JsonIgnoreCondition Absent = JsonIgnoreCondition.WhenWritingNull;

    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string Name { get; init; } = "";
    public int Grade { get; init; }
    [JsonIgnore(Condition = Absent)] public string? Hobbies { get; init; }
    /// <summary>How the reader is related: staff, parent or mentor.</summary>
    public string Relation { get; init; } = "";
    [JsonIgnore(Condition = Absent)] public Gender? Gender { get; init; }
    [JsonIgnore(Condition = Absent)] public DateOnly? BirthDate { get; init; }
    [JsonIgnore(Condition = Absent)] public string? ClassName { get; init; }
    [JsonIgnore(Condition = Absent)] public LeftBehindKind? LeftBehind { get; init; }
    [JsonIgnore(Condition = Absent)] public GuardianView? Guardian { get; init; }
    [JsonIgnore(Condition = Absent)] public IReadOnlyList<ParentView>? Parents { get; init; }
    [JsonIgnore(Condition = Absent)] public string? Personality { get; init; }
    [JsonIgnore(Condition = Absent)] public string? HealthNotes { get; init; }
    [JsonIgnore(Condition = Absent)] public ChildStatus? Status { get; init; }
    [JsonIgnore(Condition = Absent)] public ConsentView? Consent { get; init; }
}

public sealed record GuardianView(string Name, string Relation, string? Phone, string? Address);

public sealed record ParentView(string Name, string? Phone, string? WorkCity);

public sealed record ConsentView(string PolicyVersion, IReadOnlyList<ConsentScope> Scopes, IReadOnlyList<ConsentScope> WithdrawnPendingErasure)
{
    public static ConsentView Of(Child child) =>
        new(child.ConsentPolicyVersion, ConsentScopeNames.ToList(child.Scopes), ConsentScopeNames.ToList((ConsentScopes)child.PendingErasureBits));
}
