namespace WechatCare.Domain.Pairing;

public sealed record MemberView(Guid Id, string Name);

public sealed record CadenceRuleView(IReadOnlyList<ContactKind> Kinds, int Times, CadencePer Per, CadenceCounting CountedBy, string Description);

/// <summary>One rule target in its current period (China dates, last day inclusive).</summary>
public sealed record CadenceStatusView(
    CadenceRuleView Rule, Guid ChildId, Guid? MentorId, DateOnly PeriodStart, DateOnly PeriodEnd, int Due, int Done, int Remaining, bool Overdue, DateOnly? NextNeededBy);

public sealed record PairingView(
    Guid Id, Guid OrganizationId, PairingKind Kind, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<MemberView> Mentors,
    IReadOnlyList<MemberView> Children, IReadOnlyList<CadenceStatusView> Cadence, string? HandoverNote, Guid? PreviousPairingId);

public static class PairingViews
{
    public static CadenceRuleView View(this CadenceRuleSpec r) => new(r.Kinds, r.Times, r.Per, r.CountedBy, Cadence.Describe(r));

    public static CadenceStatusView View(this CadenceStatus s) =>
        new(s.Rule.View(), s.ChildId, s.MentorId, s.Period.First, s.Period.Last, s.Due, s.Done, s.Remaining, s.Overdue, s.NextNeededBy);
}
