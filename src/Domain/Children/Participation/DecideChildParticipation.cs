using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children.Participation;

/// <summary>
/// A parent linked to the child approves or declines the child's participation (until the activity starts). A "no"
/// gives the place back; a later "yes" takes one again if one is free. Anyone else, and a child with no such
/// participation, is 404.
/// </summary>
public sealed record DecideChildParticipationCommand(Guid CallerId, Guid ActivityId, Guid ChildId, bool Approved) : ICommand<ChildParticipationView>;

public sealed class DecideChildParticipationHandler(CareDb db, TimeProvider clock) : ICommandHandler<DecideChildParticipationCommand, ChildParticipationView>
{
    public async ValueTask<ChildParticipationView> Handle(DecideChildParticipationCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var visible = await db.FindVisibleAsync(cmd.CallerId, cmd.ChildId, ct);
        if (!visible.Parent) throw new NotFoundException("该儿童档案");
        var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == cmd.ActivityId, ct);
        if (activity is null || !await db.ChildParticipants.AnyAsync(p => p.ActivityId == cmd.ActivityId && p.ChildId == cmd.ChildId, ct))
            throw new NotFoundException("该活动报名");
        if (activity.Status != ActivityStatus.Published) throw new DomainException("activity_not_open", "该活动已取消或已结束");
        if (now.UtcDateTime >= activity.StartsAtUtc) throw new DomainException("activity_already_started", "活动已经开始，不能再更改");

        return await db.InTransaction(async () =>
        {
            db.ChangeTracker.Clear();   // the execution strategy may run this again: start clean each time
            var participant = await db.ChildParticipants.SingleAsync(p => p.ActivityId == cmd.ActivityId && p.ChildId == cmd.ChildId, ct);
            var (held, before) = (participant.HoldsPlace, participant.Status);
            participant.Decide(cmd.Approved, cmd.CallerId, now);
            if (!held && participant.HoldsPlace && !await db.TryTakeChildPlaceAsync(activity.Id, ct))
                throw new ConflictException("child_places_full", "该活动的儿童名额已满");
            if (held && !participant.HoldsPlace) await db.ReleaseChildPlaceAsync(activity.Id, ct);
            db.ChildReadAudits.Add(ChildReadAudit.Record(cmd.ChildId, cmd.CallerId, "parent", ["participation"], "DecideChildParticipation", now));
            if (before != participant.Status)
                db.Send(participant.EnrolledBy, ParticipationMessages.ParentDecided(activity, cmd.ChildId, visible.Child.Name, cmd.Approved), now);
            await db.SaveChangesAsync(ct);
            return ChildParticipationView.Of(participant);
        }, ct);
    }
}
