using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

public sealed record CadenceInput(IReadOnlyList<ContactKind>? Kinds, ContactKind? Kind, int Times, CadencePer Per, CadenceCounting? CountedBy)
{
    public CadenceRuleSpec Spec => new(Kinds is { Count: > 0 } ? Kinds : Kind is { } k ? [k] : [], Times, Per, CountedBy ?? CadenceCounting.AnyMentor);
}

/// <summary>An organizer pairs mentors (volunteers, teachers or organizers of the organisation) with its children.</summary>
public sealed record CreatePairingCommand(Guid CallerId, Guid OrganizationId, IReadOnlyList<Guid> MentorIds, IReadOnlyList<Guid> ChildIds,
    IReadOnlyList<CadenceInput>? Cadence, PairingKind Kind = PairingKind.Mentoring, Guid? PreviousPairingId = null, string? HandoverNote = null)
    : ICommand<PairingView>;

public sealed class CadenceInputValidator : AbstractValidator<CadenceInput>
{
    public CadenceInputValidator()
    {
        RuleFor(c => c.Times).InclusiveBetween(1, 31);
        RuleFor(c => c.Spec.Kinds).NotEmpty().OverridePropertyName("kinds");
    }
}

public sealed class CreatePairingValidator : AbstractValidator<CreatePairingCommand>
{
    public CreatePairingValidator()
    {
        RuleFor(c => c.MentorIds).NotEmpty().MaxItems(20);
        RuleFor(c => c.ChildIds).NotEmpty().MaxItems(60);
        RuleForEach(c => c.Cadence).SetValidator(new CadenceInputValidator());
        RuleFor(c => c.HandoverNote).MaximumLength(300);
    }
}

public sealed class CreatePairingHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<CreatePairingCommand, PairingView>
{
    private static readonly Role[] MentorRoles = [Role.Volunteer, Role.Teacher, Role.Organizer];

    public async ValueTask<PairingView> Handle(CreatePairingCommand cmd, CancellationToken ct)
    {
        await db.RequireStaffAsync(cmd.CallerId, cmd.OrganizationId, ct, Access.Organizers);   // a membership: the answer names the children
        var pairing = await db.StartPairingAsync(cmd, options.Value.ConsentPolicyVersion, clock.GetUtcNow(), ct);
        return await new GetPairingHandler(db, clock, options).ShowAsync(cmd.CallerId, pairing.Id, PairingReads.CreatePairing, ct);
    }

    /// <summary>Mentors with a mentor role in the organisation; children it would show (<see cref="PairingStore.ShownInPairings"/>).</summary>
    internal static async Task CheckMembersAsync(CareDb db, Guid orgId, IReadOnlyList<Guid> mentorIds, IReadOnlyList<Guid> childIds, string consentPolicy,
        CancellationToken ct)
    {
        var mentors = mentorIds.Distinct().ToList();
        var children = childIds.Distinct().ToList();
        var okMentors = await db.Memberships.Where(m => m.OrganizationId == orgId && mentors.Contains(m.UserId) && MentorRoles.Contains(m.Role))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
        var okChildren = await db.Children.Where(c => c.OrganizationId == orgId && children.Contains(c.Id)).ShownInPairings(consentPolicy)
            .Select(c => c.Id).ToListAsync(ct);
        var badMentors = mentors.Except(okMentors).ToList();
        var badChildren = children.Except(okChildren).ToList();
        if (badMentors.Count + badChildren.Count > 0)
            throw new DomainException("pairing_member_invalid", "结对人须是本组织的志愿者、教师或组织者，儿童须是本组织在册的儿童",
                new Dictionary<string, object?> { ["mentorIds"] = badMentors, ["childIds"] = badChildren });
    }
}

public static class PairingStart
{
    /// <summary>Checks members, saves the pairing and its rules, then fills the mentor seam — in one transaction.</summary>
    public static Task<Pairing> StartPairingAsync(this CareDb db, CreatePairingCommand cmd, string consentPolicy, DateTimeOffset now, CancellationToken ct) =>
        db.InTransaction(async () =>
        {
            await CreatePairingHandler.CheckMembersAsync(db, cmd.OrganizationId, cmd.MentorIds, cmd.ChildIds, consentPolicy, ct);
            var pairing = Pairing.Start(cmd.OrganizationId, cmd.Kind, cmd.MentorIds, cmd.ChildIds, cmd.CallerId, now, cmd.PreviousPairingId, cmd.HandoverNote);
            db.Pairings.Add(pairing);
            db.CadenceRules.AddRange((cmd.Cadence ?? []).Select(c => CadenceRule.For(cmd.OrganizationId, pairing.Id, c.Spec)));
            await db.SaveChangesAsync(ct);
            await db.SyncMentorSeamAsync(pairing.Children.Select(c => c.ChildId).ToList(), now, ct);
            return pairing;
        }, ct);
}
