using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

/// <summary>An organizer ends a pairing: its history stays, the mentors lose sight of its children (the seam row goes).</summary>
public sealed record EndPairingCommand(Guid CallerId, Guid PairingId) : ICommand<PairingView>;

/// <summary>
/// An organizer ends a pairing and starts the next one for the same children with new mentors. The new mentors see
/// the short handover note and the new pairing's contacts only, never the earlier pairing's private notes.
/// </summary>
public sealed record HandOverPairingCommand(Guid CallerId, Guid PairingId, IReadOnlyList<Guid> MentorIds, string? Note) : ICommand<PairingView>;

public sealed class HandOverPairingValidator : AbstractValidator<HandOverPairingCommand>
{
    public HandOverPairingValidator()
    {
        RuleFor(c => c.MentorIds).NotEmpty().MaxItems(20);
        RuleFor(c => c.Note).MaximumLength(300);
    }
}

public sealed class EndPairingHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) :
    ICommandHandler<EndPairingCommand, PairingView>, ICommandHandler<HandOverPairingCommand, PairingView>
{
    public async ValueTask<PairingView> Handle(EndPairingCommand cmd, CancellationToken ct)
    {
        await EndAsync(cmd.CallerId, cmd.PairingId, ct);
        return await new GetPairingHandler(db, clock, options).ShowAsync(cmd.CallerId, cmd.PairingId, PairingReads.EndPairing, ct);
    }

    public async ValueTask<PairingView> Handle(HandOverPairingCommand cmd, CancellationToken ct)
    {
        var found = await db.FindPairingAsync(cmd.CallerId, cmd.PairingId, ct);
        if (found.IsOrganizer)
            await CreatePairingHandler.CheckMembersAsync(db, found.Pairing.OrganizationId, cmd.MentorIds, found.Pairing.Children.Select(c => c.ChildId).ToList(),
                options.Value.ConsentPolicyVersion, ct);
        var old = await EndAsync(cmd.CallerId, cmd.PairingId, ct);
        var rules = await db.RulesForAsync(old, ct);
        var ownRules = rules.Where(r => r.PairingId == old.Id)
            .Select(r => new CadenceInput(r.Spec.Kinds, null, r.Times, r.Per, r.CountedBy)).ToList();
        var next = await db.StartPairingAsync(new CreatePairingCommand(cmd.CallerId, old.OrganizationId, cmd.MentorIds,
            old.Children.Select(c => c.ChildId).ToList(), ownRules, old.Kind, old.Id, cmd.Note), options.Value.ConsentPolicyVersion, clock.GetUtcNow(), ct);
        return await new GetPairingHandler(db, clock, options).ShowAsync(cmd.CallerId, next.Id, PairingReads.HandOverPairing, ct);
    }

    private async Task<Pairing> EndAsync(Guid callerId, Guid pairingId, CancellationToken ct)
    {
        var access = await db.FindPairingAsync(callerId, pairingId, ct);
        if (!access.IsOrganizer) throw new ForbiddenException("只有组织者可以结束或交接结对");
        var pairing = access.Pairing;
        if (!pairing.Active) throw new ConflictException("pairing_ended", "该结对已结束");
        var now = clock.GetUtcNow();
        await db.InTransaction(async () =>
        {
            pairing.End(now);
            await db.SaveChangesAsync(ct);
            await db.SyncMentorSeamAsync(pairing.Children.Select(c => c.ChildId).ToList(), now, ct);
            return 0;
        }, ct);
        return pairing;
    }
}
