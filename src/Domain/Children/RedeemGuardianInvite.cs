using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>A parent enters the 6-digit code from the teacher and is linked to the child (mini-program or "绑定 123456" to the bot).</summary>
public sealed record RedeemGuardianInviteCommand(Guid CallerId, string Code) : ICommand<LinkedChild>;

public sealed record LinkedChild(Guid ChildId, string Name, Guid OrganizationId);

public sealed class RedeemGuardianInviteValidator : AbstractValidator<RedeemGuardianInviteCommand>
{
    public RedeemGuardianInviteValidator() => RuleFor(c => c.Code).NotEmpty().Matches("^[0-9]{6}$");
}

public sealed class RedeemGuardianInviteHandler(CareDb db, FieldCipher cipher, IRateGate gate, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RedeemGuardianInviteCommand, LinkedChild>
{
    public async ValueTask<LinkedChild> Handle(RedeemGuardianInviteCommand cmd, CancellationToken ct)
    {
        // Every attempt counts, right or wrong: a million codes cannot be walked at a few tries per window.
        var limits = options.Value;
        var decision = await gate.TryPassAsync($"wechatcare:rate:guardian-invite:{cmd.CallerId}", limits.InviteGuessesPerWindow,
            TimeSpan.FromMinutes(limits.InviteGuessWindowMinutes), ct);
        if (!decision.Allowed) throw new RateLimitedException(decision.RetryAfter);

        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var hash = GuardianInvite.HashOf(cmd.Code, cipher);
        var invite = await db.GuardianInvites.FirstOrDefaultAsync(i => i.CodeHash == hash && i.UsedAtUtc == null && i.ExpiresAtUtc > nowUtc, ct)
            ?? throw new DomainException("invalid_invite_code", "绑定码无效或已过期，请向老师重新获取");
        var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == invite.ChildId, ct);
        if (child.Status == ChildStatus.Erased) throw new DomainException("invalid_invite_code", "绑定码无效或已过期，请向老师重新获取");

        invite.Use(cmd.CallerId, now);
        if (!await db.GuardianLinks.AnyAsync(l => l.ChildId == child.Id && l.UserId == cmd.CallerId, ct))
            db.GuardianLinks.Add(GuardianLink.Link(child.Id, cmd.CallerId, now));
        // The parent role lets notices for parents reach them.
        if (!await db.Memberships.AnyAsync(m => m.UserId == cmd.CallerId && m.OrganizationId == child.OrganizationId && m.Role == Role.Parent, ct))
            db.Memberships.Add(Membership.Grant(child.OrganizationId, cmd.CallerId, Role.Parent, invite.IssuedBy, now));
        await db.SaveChangesAsync(ct);
        return new LinkedChild(child.Id, child.Name, child.OrganizationId);
    }
}
