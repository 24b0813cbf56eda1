using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// The guardian's consent as staff record it. Without <c>Scopes</c> it covers what the request writes (see the
/// handlers). <c>At</c> (when it was given) is required; it is nullable only so that a missing one is a 400.
/// </summary>
public sealed record ConsentInput(string By, string Relation, DateTimeOffset? At, IReadOnlyList<ConsentScope>? Scopes = null,
    string? PolicyVersion = null, ConsentMethod Method = ConsentMethod.Paper);

/// <remarks>Gender, birth date, grade and left-behind kind are required: nullable only so that a missing one is a 400, not a default.</remarks>
public sealed record CreateChildCommand(
    Guid CallerId, Guid OrganizationId, string Name, Gender? Gender, DateOnly? BirthDate, int? Grade, string ClassName,
    GuardianInfo Guardian, IReadOnlyList<ParentInfo> Parents, LeftBehindKind? LeftBehind, string? Personality, string? Hobbies,
    string? HealthNotes, ConsentInput? Consent) : ICommand<ChildView>;

public sealed class CreateChildValidator : AbstractValidator<CreateChildCommand>
{
    public CreateChildValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Gender).NotNull().IsInEnum();
        RuleFor(c => c.BirthDate).NotNull();
        RuleFor(c => c.LeftBehind).NotNull().IsInEnum();
        RuleFor(c => c.Grade).NotNull().InclusiveBetween(0, 12);
        RuleFor(c => c.ClassName).MaximumLength(50);
        RuleFor(c => c.Guardian).NotNull().SetValidator(new GuardianInfoValidator());
        RuleFor(c => c.Parents).NotNull();
        RuleForEach(c => c.Parents).SetValidator(new ParentInfoValidator());
        RuleFor(c => c.Personality).MaximumLength(300);
        RuleFor(c => c.Hobbies).MaximumLength(300);
        RuleFor(c => c.HealthNotes).MaximumLength(2000);
        RuleFor(c => c.Consent!.By).NotEmpty().MaximumLength(50).When(c => c.Consent is not null);
        RuleFor(c => c.Consent!.Relation).NotEmpty().MaximumLength(20).When(c => c.Consent is not null);
        RuleFor(c => c.Consent!.At).NotNull().When(c => c.Consent is not null);
        RuleFor(c => c.Consent!.Method).IsInEnum().When(c => c.Consent is not null);
    }
}

/// <summary>The guardian's details, as created or edited.</summary>
public sealed class GuardianInfoValidator : AbstractValidator<GuardianInfo>
{
    public GuardianInfoValidator()
    {
        RuleFor(g => g.Name).NotEmpty().MaximumLength(50);
        RuleFor(g => g.Relation).NotEmpty().MaximumLength(20);
        RuleFor(g => g.Phone).NotEmpty().Matches(PhonePattern);
        RuleFor(g => g.Address).NotEmpty().MaximumLength(200);
    }

    public const string PhonePattern = @"^\+?[0-9 \-]{5,20}$";
}

/// <summary>One parent's details, as created or edited.</summary>
public sealed class ParentInfoValidator : AbstractValidator<ParentInfo>
{
    public ParentInfoValidator()
    {
        RuleFor(p => p.Name).NotEmpty().MaximumLength(50);
        RuleFor(p => p.Phone).Matches(GuardianInfoValidator.PhonePattern).When(p => !string.IsNullOrEmpty(p.Phone));
        RuleFor(p => p.WorkCity).MaximumLength(100);
    }
}

public sealed class CreateChildHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<CreateChildCommand, ChildView>
{
    public async ValueTask<ChildView> Handle(CreateChildCommand cmd, CancellationToken ct)
    {
        await db.RequireStaffAsync(cmd.CallerId, cmd.OrganizationId, ct);
        var now = clock.GetUtcNow();
        var given = ConsentRules.Check(cmd.Consent, options.Value, now);
        // The same rule as editing (UpdateChildHandler): only staff holding the organisation's grant write health notes.
        var healthGrant = await db.HasHealthGrantAsync(cmd.CallerId, cmd.OrganizationId, ct);
        if (!string.IsNullOrWhiteSpace(cmd.HealthNotes) && !healthGrant) throw StaffAccess.HealthNoteGrantRequired();
        var needed = ConsentScopes.BasicArchive
                     | (string.IsNullOrWhiteSpace(cmd.HealthNotes) ? 0 : ConsentScopes.HealthNotes)
                     | (cmd.Parents.Any(p => !string.IsNullOrWhiteSpace(p.Phone) || !string.IsNullOrWhiteSpace(p.WorkCity)) ? ConsentScopes.ParentsContact : 0);
        // CONTRACT.md's consent names no scopes: then it is the guardian's consent to the form as filled in, and is
        // recorded as covering exactly the categories written (never photos). Scopes that are named must cover them.
        var scopes = cmd.Consent!.Scopes is null ? needed : given;
        ConsentRules.RequireCovers(scopes, needed);

        var consentInput = cmd.Consent!;
        var child = Child.Register(cmd.OrganizationId, cmd.Name, cmd.Gender!.Value, cmd.BirthDate!.Value, cmd.Grade!.Value, cmd.ClassName ?? "", cmd.LeftBehind!.Value,
            cmd.Guardian, cmd.Parents, cmd.Personality, cmd.Hobbies, cmd.HealthNotes, scopes, options.Value.ConsentPolicyVersion, cmd.CallerId, cipher, now);
        var consent = GuardianConsent.Record(child.Id, consentInput.By, consentInput.Relation, scopes, options.Value.ConsentPolicyVersion,
            consentInput.Method, consentInput.At!.Value, cmd.CallerId, now);

        db.Children.Add(child);
        db.GuardianConsents.Add(consent);
        // The creator is shown what they wrote back: that is a read, so it is audited like any other. The parents are
        // the new child's own (not yet in the database, so ShowAsync would find none), ordered as a read orders them.
        var (view, audit) = ChildVisibility.Show(new VisibleChild { Child = child, Staff = true, HealthGrant = healthGrant },
            child.Parents.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), cmd.CallerId, "CreateChild", cipher, now);
        db.ChildReadAudits.Add(audit);
        await db.SaveChangesAsync(ct);
        return view;
    }
}

public static class ConsentRules
{
    /// <summary>422 <c>guardian_consent_required</c> without a consent; 422 <c>consent_policy_outdated</c> for an old policy version.</summary>
    public static ConsentScopes Check(ConsentInput? consent, ChildrenOptions options, DateTimeOffset now)
    {
        if (consent is null)
            throw new DomainException("guardian_consent_required", "建立儿童档案前必须取得监护人的单独同意",
                new Dictionary<string, object?> { ["policyVersion"] = options.ConsentPolicyVersion });
        if (consent.PolicyVersion is { } version && version != options.ConsentPolicyVersion)
            throw new DomainException("consent_policy_outdated", "监护人同意的不是当前版本的隐私政策，请按新版政策重新取得同意",
                new Dictionary<string, object?> { ["policyVersion"] = options.ConsentPolicyVersion, ["actual"] = version });
        if (consent.At > now.AddMinutes(5))
            throw new DomainException("consent_in_future", "同意时间不能晚于现在");
        var scopes = ConsentScopeNames.ToFlags(consent.Scopes ?? [ConsentScope.BasicArchive]);
        return scopes | ConsentScopes.BasicArchive;
    }

    public static void RequireCovers(ConsentScopes given, ConsentScopes needed)
    {
        var missing = needed & ~given;
        if (missing != ConsentScopes.None)
            throw new DomainException("guardian_consent_required", "监护人的同意未包含所填写的信息类别，请先取得相应同意",
                new Dictionary<string, object?> { ["missingScopes"] = ConsentScopeNames.ToList(missing) });
    }
}

public static class StaffAccess
{
    /// <summary>404 for an unknown organisation, 403 for a caller who is not its teacher/organizer/admin (platform admins included: no implicit access to children).</summary>
    public static async Task RequireStaffAsync(this CareDb db, Guid callerId, Guid organizationId, CancellationToken ct, Role[]? roles = null)
    {
        roles ??= Access.Staff;
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)) throw new NotFoundException("该组织");
        if (!await db.Memberships.AnyAsync(m => m.UserId == callerId && m.OrganizationId == organizationId && roles.Contains(m.Role), ct))
            throw new ForbiddenException();
    }

    public static Task<bool> HasHealthGrantAsync(this CareDb db, Guid callerId, Guid organizationId, CancellationToken ct) =>
        db.HealthNoteGrants.AnyAsync(g => g.OrganizationId == organizationId && g.StaffUserId == callerId, ct);

    /// <summary>422 <c>health_note_grant_required</c>: writing health notes (on creation or edit) needs the organisation's grant.</summary>
    public static DomainException HealthNoteGrantRequired() =>
        new("health_note_grant_required", "只有获得本机构健康信息授权的老师才能填写健康情况");
}
