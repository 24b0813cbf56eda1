using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Organizations;

public sealed record GrantRoleCommand(Guid CallerId, Guid OrganizationId, Guid UserId, Role Role) : ICommand<MemberRoleView>;

public sealed record MemberRoleView(Guid OrganizationId, Guid UserId, Role Role);

public sealed class GrantRoleValidator : AbstractValidator<GrantRoleCommand>
{
    public GrantRoleValidator() => RuleFor(c => c.Role).IsInEnum();
}

public sealed class GrantRoleHandler(CareDb db, TimeProvider clock) : ICommandHandler<GrantRoleCommand, MemberRoleView>
{
    public async ValueTask<MemberRoleView> Handle(GrantRoleCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        // Organizers run the day-to-day; only an admin may make another admin.
        if (cmd.Role == Role.Admin) await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, [Role.Admin], ct);
        if (!await db.Users.AnyAsync(u => u.Id == cmd.UserId, ct)) throw new NotFoundException("该用户");

        var alreadyHeld = await db.Memberships.AnyAsync(
            m => m.OrganizationId == cmd.OrganizationId && m.UserId == cmd.UserId && m.Role == cmd.Role, ct);
        if (!alreadyHeld)
        {
            db.Memberships.Add(Membership.Grant(cmd.OrganizationId, cmd.UserId, cmd.Role, cmd.CallerId, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        return new MemberRoleView(cmd.OrganizationId, cmd.UserId, cmd.Role);
    }
}
