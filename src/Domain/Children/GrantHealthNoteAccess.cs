using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Children;

/// <summary>An organizer grants (or revokes) one staff member's access to the organisation's children's health notes.</summary>
public sealed record GrantHealthNoteAccessCommand(Guid CallerId, Guid OrganizationId, Guid StaffUserId, bool Granted) : ICommand<HealthNoteAccessView>;

public sealed record HealthNoteAccessView(Guid OrganizationId, Guid UserId, bool Granted);

public sealed class GrantHealthNoteAccessHandler(CareDb db, TimeProvider clock) : ICommandHandler<GrantHealthNoteAccessCommand, HealthNoteAccessView>
{
    public async ValueTask<HealthNoteAccessView> Handle(GrantHealthNoteAccessCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        var existing = await db.HealthNoteGrants.SingleOrDefaultAsync(g => g.OrganizationId == cmd.OrganizationId && g.StaffUserId == cmd.StaffUserId, ct);
        if (cmd.Granted && existing is null)
        {
            // Only staff of this organisation can hold the grant.
            if (!await db.Memberships.AnyAsync(m => m.UserId == cmd.StaffUserId && m.OrganizationId == cmd.OrganizationId && Access.Staff.Contains(m.Role), ct))
                throw new DomainException("not_staff", "只能授权本组织的老师或组织者查看健康信息");
            db.HealthNoteGrants.Add(HealthNoteGrant.Grant(cmd.OrganizationId, cmd.StaffUserId, cmd.CallerId, clock.GetUtcNow()));
        }
        else if (!cmd.Granted && existing is not null)
        {
            db.HealthNoteGrants.Remove(existing);
        }
        await db.SaveChangesAsync(ct);
        return new HealthNoteAccessView(cmd.OrganizationId, cmd.StaffUserId, cmd.Granted);
    }
}
