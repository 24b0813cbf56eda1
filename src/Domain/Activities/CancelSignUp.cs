using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

public sealed record CancelSignUpCommand(Guid CallerId, Guid ActivityId) : ICommand<SignUpResult>;

/// <summary>The volunteer withdraws (a confirmed seat only before the cancellation deadline); a seat they held is offered to the waitlist.</summary>
public sealed class CancelSignUpHandler(CareDb db, TimeProvider clock, IOptions<ActivityOptions> options) : ICommandHandler<CancelSignUpCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(CancelSignUpCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == cmd.ActivityId, ct)
            ?? throw new NotFoundException("该活动");

        return await db.InTransaction(async () =>
        {
            db.ChangeTracker.Clear();
            var signUp = await db.SignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.VolunteerId == cmd.CallerId, ct);
            if (signUp is not { IsActive: true }) throw new NotFoundException("你的报名");
            var (read, heldSeat) = (signUp.Status, signUp.HoldsSeat);
            signUp.Cancel(activity, now);
            // A rejection, an expiry or an offer may have changed it since it was read: a seat is given back only once.
            if (!await db.TryChangeStatusAsync(signUp, read, ct))
                throw new ConflictException("signup_changed", "你的报名状态刚刚发生了变化，请刷新后再试");
            db.Send(cmd.CallerId, ActivityMessages.Cancelled(activity), now);
            await db.SaveChangesAsync(ct);
            if (heldSeat) await db.ReleaseSeatAndOfferAsync(activity, signUp.RoleId, options.Value, now, ct);
            return new SignUpResult(signUp.Id, activity.Id, signUp.RoleId, signUp.Status, null, null);
        }, ct);
    }
}
