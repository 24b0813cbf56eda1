using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// A new consent for the current policy version (staff record a paper form, or a linked parent agrees in the app).
/// Naming <c>scopes</c> replaces them: what it leaves out is withdrawn (hidden, then erased). Without <c>scopes</c>
/// (CONTRACT.md's consent shape) it renews what the guardian currently agrees to, plus the basic archive: nothing is
/// withdrawn by leaving out a field the contract does not have. While a deletion is pending only the child's parents
/// see the record; their renewal (which always covers the basic archive) cancels the deletion request.
/// </summary>
public sealed record RenewConsentCommand(Guid CallerId, Guid ChildId, ConsentInput Consent) : ICommand<ConsentView>;

public sealed class RenewConsentValidator : AbstractValidator<RenewConsentCommand>
{
    public RenewConsentValidator()
    {
        // The consent is the whole request body: its fields are named as the client sent them (`at`, not `consent.at`).
        RuleFor(c => c.Consent).NotNull();
        RuleFor(c => c.Consent.By).NotEmpty().MaximumLength(50).When(c => c.Consent is not null).OverridePropertyName("by");
        RuleFor(c => c.Consent.Relation).NotEmpty().MaximumLength(20).When(c => c.Consent is not null).OverridePropertyName("relation");
        RuleFor(c => c.Consent.At).NotNull().When(c => c.Consent is not null).OverridePropertyName("at");
        RuleFor(c => c.Consent.Method).IsInEnum().When(c => c.Consent is not null).OverridePropertyName("method");
    }
}

public sealed class RenewConsentHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<RenewConsentCommand, ConsentView>
{
    public async ValueTask<ConsentView> Handle(RenewConsentCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(cmd.CallerId, cmd.ChildId, ct, tracked: true);
        if (!visible.Staff && !visible.Parent) throw new NotFoundException("该儿童档案");
        var now = clock.GetUtcNow();
        var named = ConsentRules.Check(cmd.Consent, options.Value, now);
        var child = visible.Child;
        var scopes = cmd.Consent.Scopes is null ? child.Scopes | ConsentScopes.BasicArchive : named;
        var dropped = child.Scopes & ~scopes;
        if (dropped != ConsentScopes.None)
        {
            child.Withdraw(dropped, now);
            db.ConsentWithdrawals.Add(ConsentWithdrawal.Record(child.Id, dropped, cmd.CallerId, now));
        }
        child.ApplyConsent(scopes, options.Value.ConsentPolicyVersion);
        if (visible.Parent) child.CancelDeletionRequest();
        db.GuardianConsents.Add(GuardianConsent.Record(child.Id, cmd.Consent.By, cmd.Consent.Relation, scopes, options.Value.ConsentPolicyVersion,
            cmd.Consent.Method, cmd.Consent.At!.Value, cmd.CallerId, now));
        await db.SaveChangesAsync(ct);
        return ConsentView.Of(child);
    }
}
