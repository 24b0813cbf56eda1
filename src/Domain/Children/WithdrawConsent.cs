using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// A linked parent (or staff on the guardian's word) withdraws scopes: their data is hidden at once and erased by the
/// retention job after the grace period. Withdrawing the basic archive is a request to delete the whole record.
/// </summary>
public sealed record WithdrawConsentCommand(Guid CallerId, Guid ChildId, IReadOnlyList<ConsentScope> Scopes) : ICommand<ConsentView>;

public sealed class WithdrawConsentValidator : AbstractValidator<WithdrawConsentCommand>
{
    public WithdrawConsentValidator()
    {
        RuleFor(c => c.Scopes).NotEmpty();
        RuleForEach(c => c.Scopes).IsInEnum();
    }
}

public sealed class WithdrawConsentHandler(CareDb db, TimeProvider clock) : ICommandHandler<WithdrawConsentCommand, ConsentView>
{
    public async ValueTask<ConsentView> Handle(WithdrawConsentCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(cmd.CallerId, cmd.ChildId, ct, tracked: true);
        if (!visible.Staff && !visible.Parent) throw new NotFoundException("该儿童档案");
        var now = clock.GetUtcNow();
        var scopes = ConsentScopeNames.ToFlags(cmd.Scopes);
        visible.Child.Withdraw(scopes, now);
        db.ConsentWithdrawals.Add(ConsentWithdrawal.Record(cmd.ChildId, scopes, cmd.CallerId, now));
        if (scopes.HasFlag(ConsentScopes.BasicArchive)) await db.WithdrawOpenInvitesAsync(cmd.ChildId, ct);
        await db.SaveChangesAsync(ct);
        return ConsentView.Of(visible.Child);
    }
}
