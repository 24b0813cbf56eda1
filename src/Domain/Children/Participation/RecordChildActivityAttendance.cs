using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children.Participation;

/// <summary>Staff record that a confirmed child took part (from the activity's start); this is what later editions' rules count.</summary>
public sealed record RecordChildActivityAttendanceCommand(Guid CallerId, Guid ActivityId, Guid ChildId) : ICommand<ChildParticipationView>;

public sealed class RecordChildActivityAttendanceHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RecordChildActivityAttendanceCommand, ChildParticipationView>
{
    public async ValueTask<ChildParticipationView> Handle(RecordChildActivityAttendanceCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadForChildStaffAsync(cmd.ActivityId, cmd.CallerId, ct);
        var visible = await db.FindAsStaffAsync(cmd.CallerId, cmd.ChildId, ct);
        // Processing like any other: a newer privacy policy blocks it until the guardian renews consent.
        visible.EnsureConsentCurrent(options.Value);
        var participant = visible.Child.OrganizationId == activity.OrganizationId
            ? await db.ChildParticipants.SingleOrDefaultAsync(p => p.ActivityId == activity.Id && p.ChildId == cmd.ChildId, ct)
            : null;
        if (participant is null) throw new NotFoundException("该活动报名");
        if (now.UtcDateTime < activity.StartsAtUtc) throw new DomainException("activity_not_started", "活动还没有开始，不能登记参加");
        participant.MarkAttended(cmd.CallerId, now);
        db.ChildReadAudits.Add(ChildReadAudit.Record(cmd.ChildId, cmd.CallerId, "staff", ["participation"], "RecordChildActivityAttendance", now));
        await db.SaveChangesAsync(ct);
        return ChildParticipationView.Of(participant);
    }
}
