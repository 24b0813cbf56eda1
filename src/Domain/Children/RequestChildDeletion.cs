using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// A linked parent asks for the child's data to be deleted: the record is hidden from staff and mentors at once and
/// erased by the retention job after <see cref="ChildrenOptions.ErasureGraceDays"/>.
/// </summary>
public sealed record RequestChildDeletionCommand(Guid CallerId, Guid ChildId) : ICommand<DeletionRequested>;

public sealed record DeletionRequested(Guid ChildId, DateTimeOffset RequestedAt, DateTimeOffset ErasedBy);

public sealed class RequestChildDeletionHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RequestChildDeletionCommand, DeletionRequested>
{
    public async ValueTask<DeletionRequested> Handle(RequestChildDeletionCommand cmd, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(cmd.CallerId, cmd.ChildId, ct, tracked: true);
        if (!visible.Parent) throw new NotFoundException("该儿童档案");
        var now = clock.GetUtcNow();
        visible.Child.RequestDeletion(now);
        await db.WithdrawOpenInvitesAsync(cmd.ChildId, ct);
        await db.SaveChangesAsync(ct);
        var requested = ChinaTime.ToChina(visible.Child.DeletionRequestedAtUtc!.Value);
        return new DeletionRequested(cmd.ChildId, requested, requested.AddDays(options.Value.ErasureGraceDays));
    }
}
