using FluentValidation;
using Mediator;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Organizations;

public sealed record CreateOrganizationCommand(Guid CallerId, string Name, OrganizationKind Kind, string Region)
    : ICommand<OrganizationView>;

public sealed record OrganizationView(Guid Id, string Name, OrganizationKind Kind, string Region)
{
    public static OrganizationView From(Organization o) => new(o.Id, o.Name, o.Kind, o.Region);
}

public sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganizationCommand>
{
    public CreateOrganizationValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Region).NotNull().MaximumLength(100);
    }
}

public sealed class CreateOrganizationHandler(CareDb db, TimeProvider clock) : ICommandHandler<CreateOrganizationCommand, OrganizationView>
{
    public async ValueTask<OrganizationView> Handle(CreateOrganizationCommand cmd, CancellationToken ct)
    {
        await db.RequirePlatformAdminAsync(cmd.CallerId, ct);
        var now = clock.GetUtcNow();
        var organization = Organization.Create(cmd.Name, cmd.Kind, cmd.Region, now);
        db.Organizations.Add(organization);
        // Whoever creates an organisation administers it until they hand it over.
        db.Memberships.Add(Membership.Grant(organization.Id, cmd.CallerId, Role.Admin, cmd.CallerId, now));
        await db.SaveChangesAsync(ct);
        return OrganizationView.From(organization);
    }
}
