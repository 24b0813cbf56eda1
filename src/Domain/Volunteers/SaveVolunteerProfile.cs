using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Volunteers;

public sealed record GuardianConsentInput(string By, string Relation);

public sealed record SaveVolunteerProfileCommand(
    Guid CallerId, string RealName, string Phone, VolunteerKind Kind, string? School, IReadOnlyList<string> Skills,
    DateOnly? BirthDate, GuardianConsentInput? GuardianConsent) : ICommand<VolunteerProfileView>;

public sealed record VolunteerProfileView(
    string RealName, string Phone, VolunteerKind Kind, string? School, IReadOnlyList<string> Skills, DateOnly? BirthDate,
    int? Age, bool GuardianConsentRecorded);

public sealed class SaveVolunteerProfileValidator : AbstractValidator<SaveVolunteerProfileCommand>
{
    public SaveVolunteerProfileValidator()
    {
        RuleFor(c => c.RealName).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Phone).NotEmpty().Matches(@"^1\d{10}$").WithMessage("请填写 11 位手机号");
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.School).MaximumLength(100);
        RuleFor(c => c.Skills).NotNull().MaxItems(20);
        RuleForEach(c => c.Skills).NotEmpty().MaximumLength(20);
        RuleFor(c => c.BirthDate).NotEqual(default(DateOnly)).When(c => c.BirthDate is not null);
        RuleFor(c => c.GuardianConsent!.By).NotEmpty().MaximumLength(50).When(c => c.GuardianConsent is not null);
        RuleFor(c => c.GuardianConsent!.Relation).NotEmpty().MaximumLength(20).When(c => c.GuardianConsent is not null);
    }
}

public sealed class SaveVolunteerProfileHandler(CareDb db, FieldCipher cipher, TimeProvider clock)
    : ICommandHandler<SaveVolunteerProfileCommand, VolunteerProfileView>
{
    public async ValueTask<VolunteerProfileView> Handle(SaveVolunteerProfileCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var profile = await db.VolunteerProfiles.SingleOrDefaultAsync(v => v.UserId == cmd.CallerId, ct);
        if (profile is null)
        {
            profile = VolunteerProfile.For(cmd.CallerId);
            db.VolunteerProfiles.Add(profile);
        }
        profile.Update(cmd.RealName, cipher.Encrypt(cmd.Phone), cipher.LookupHash(cmd.Phone), cmd.Kind, cmd.School, cmd.Skills, cmd.BirthDate, now);
        if (cmd.GuardianConsent is { } consent) profile.RecordGuardianConsent(consent.By, consent.Relation, now);
        await db.SaveChangesAsync(ct);
        return View(profile, cmd.Phone, now);
    }

    internal static VolunteerProfileView View(VolunteerProfile p, string phone, DateTimeOffset now) =>
        new(p.RealName, phone, p.Kind, p.School, p.SkillList, p.BirthDate, p.AgeOn(now), p.HasGuardianConsent);
}
