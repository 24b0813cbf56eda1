using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

/// <summary>An organizer replaces the organisation's default cadence rules (used by pairings with no rules of their own).</summary>
public sealed record SetCadenceDefaultsCommand(Guid CallerId, Guid OrganizationId, IReadOnlyList<CadenceInput> Cadence) : ICommand<IReadOnlyList<CadenceRuleView>>;

public sealed class SetCadenceDefaultsValidator : AbstractValidator<SetCadenceDefaultsCommand>
{
    public SetCadenceDefaultsValidator()
    {
        RuleFor(c => c.Cadence).MaxItems(10);
        RuleForEach(c => c.Cadence).SetValidator(new CadenceInputValidator());
    }
}

public sealed class SetCadenceDefaultsHandler(CareDb db) : ICommandHandler<SetCadenceDefaultsCommand, IReadOnlyList<CadenceRuleView>>
{
    public async ValueTask<IReadOnlyList<CadenceRuleView>> Handle(SetCadenceDefaultsCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        db.CadenceRules.RemoveRange(await db.CadenceRules.Where(r => r.OrganizationId == cmd.OrganizationId && r.PairingId == null).ToListAsync(ct));
        var rules = cmd.Cadence.Select(c => CadenceRule.For(cmd.OrganizationId, null, c.Spec)).ToList();
        db.CadenceRules.AddRange(rules);
        await db.SaveChangesAsync(ct);
        return rules.Select(r => r.Spec.View()).ToList();
    }
}
