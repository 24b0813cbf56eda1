using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// Staff correct or update an archive: a new school year's grade and class, a guardian's new phone, new health notes.
/// Only what the guardian's consent covers may be written, health notes only by staff holding the organisation's grant,
/// and the answer (the updated record) is an audited read like any other.
/// </summary>
public sealed record UpdateChildCommand(Guid CallerId, Guid ChildId, ChildChanges Changes) : ICommand<ChildView>;

public sealed class UpdateChildValidator : AbstractValidator<UpdateChildCommand>
{
    public UpdateChildValidator()
    {
        RuleFor(c => c.Changes).NotNull();
        When(c => c.Changes is not null, () =>
        {
            RuleFor(c => c.Changes.Name).NotEmpty().MaximumLength(50).When(c => c.Changes.Name is not null).OverridePropertyName("name");
            RuleFor(c => c.Changes.Gender).IsInEnum().OverridePropertyName("gender");
            RuleFor(c => c.Changes.LeftBehind).IsInEnum().OverridePropertyName("leftBehind");
            RuleFor(c => c.Changes.Grade).InclusiveBetween(0, 12).When(c => c.Changes.Grade is not null).OverridePropertyName("grade");
            RuleFor(c => c.Changes.ClassName).MaximumLength(50).OverridePropertyName("className");
            RuleFor(c => c.Changes.Guardian!).SetValidator(new GuardianInfoValidator()).When(c => c.Changes.Guardian is not null)
                .OverridePropertyName("guardian");
            RuleForEach(c => c.Changes.Parents).SetValidator(new ParentInfoValidator()).OverridePropertyName("parents");
            RuleFor(c => c.Changes.Personality).MaximumLength(300).OverridePropertyName("personality");
            RuleFor(c => c.Changes.Hobbies).MaximumLength(300).OverridePropertyName("hobbies");
            RuleFor(c => c.Changes.HealthNotes).MaximumLength(2000).OverridePropertyName("healthNotes");
        });
    }
}

public sealed class UpdateChildHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<UpdateChildCommand, ChildView>
{
    public async ValueTask<ChildView> Handle(UpdateChildCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindAsStaffAsync(cmd.CallerId, cmd.ChildId, ct, tracked: true);
        visible.EnsureConsentCurrent(options.Value);
        var changes = cmd.Changes;
        if (changes.HealthNotes is not null && !visible.HealthGrant)
            throw StaffAccess.HealthNoteGrantRequired();
        var needed = (string.IsNullOrWhiteSpace(changes.HealthNotes) ? ConsentScopes.None : ConsentScopes.HealthNotes)
                     | (changes.Parents?.Any(p => !string.IsNullOrWhiteSpace(p.Phone) || !string.IsNullOrWhiteSpace(p.WorkCity)) == true
                         ? ConsentScopes.ParentsContact : ConsentScopes.None);
        ConsentRules.RequireCovers(visible.Child.Scopes, needed);

        var child = visible.Child;
        await db.Entry(child).Collection(c => c.Parents).LoadAsync(ct);
        var now = clock.GetUtcNow();
        child.Update(changes, cipher, now);
        // The updated record as the caller may see it, with its audit row: saved together with the change.
        var (view, audit) = ChildVisibility.Show(visible, child.Parents.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), cmd.CallerId, "UpdateChild",
            cipher, now);
        db.ChildReadAudits.Add(audit);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
