using Mediator;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>Staff record that a child left the school or care home; the archive is erased after <see cref="ChildrenOptions.EraseLeftAfterDays"/>.</summary>
public sealed record MarkChildLeftCommand(Guid CallerId, Guid ChildId) : ICommand<ChildStatusView>;

public sealed record ChildStatusView(Guid ChildId, ChildStatus Status);

public sealed class MarkChildLeftHandler(CareDb db, TimeProvider clock) : ICommandHandler<MarkChildLeftCommand, ChildStatusView>
{
    public async ValueTask<ChildStatusView> Handle(MarkChildLeftCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindAsStaffAsync(cmd.CallerId, cmd.ChildId, ct, tracked: true);
        visible.Child.MarkLeft(clock.GetUtcNow());
        await db.WithdrawOpenInvitesAsync(cmd.ChildId, ct);
        await db.SaveChangesAsync(ct);
        return new ChildStatusView(cmd.ChildId, visible.Child.Status);
    }
}
