using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

public sealed record IssueGuardianInviteCommand(Guid CallerId, Guid ChildId) : ICommand<GuardianInviteIssued>;

public sealed record GuardianInviteIssued(string Code, DateTimeOffset ExpiresAt);

public sealed class IssueGuardianInviteHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<IssueGuardianInviteCommand, GuardianInviteIssued>
{
    public async ValueTask<GuardianInviteIssued> Handle(IssueGuardianInviteCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindAsStaffAsync(cmd.CallerId, cmd.ChildId, ct);
        visible.EnsureConsentCurrent(options.Value);
        if (visible.Child.Status != ChildStatus.Active)
            throw new DomainException("child_not_active", "该孩子已离开本机构，不能再绑定家长");
        var now = clock.GetUtcNow();
        // A code must point at one child: draw again while an open invite already uses it.
        for (var attempt = 0; ; attempt++)
        {
            var (invite, code) = GuardianInvite.Issue(cmd.ChildId, cmd.CallerId, TimeSpan.FromHours(options.Value.InviteValidHours), cipher, now);
            var nowUtc = now.UtcDateTime;
            var taken = await db.GuardianInvites.AnyAsync(i => i.CodeHash == invite.CodeHash && i.UsedAtUtc == null && i.ExpiresAtUtc > nowUtc, ct);
            if (taken && attempt < 20) continue;
            db.GuardianInvites.Add(invite);
            await db.SaveChangesAsync(ct);
            return new GuardianInviteIssued(code, ChinaTime.ToChina(invite.ExpiresAtUtc));
        }
    }
}
