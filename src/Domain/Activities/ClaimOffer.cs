using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

public sealed record ClaimOfferCommand(Guid CallerId, Guid ActivityId) : ICommand<SignUpResult>;

/// <summary>A waitlisted volunteer takes the seat they were offered, within the claim window (pending review if the activity needs approval).</summary>
public sealed class ClaimOfferHandler(CareDb db, TimeProvider clock) : ICommandHandler<ClaimOfferCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(ClaimOfferCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == cmd.ActivityId, ct)
            ?? throw new NotFoundException("该活动");
        var signUp = await db.SignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.VolunteerId == cmd.CallerId, ct)
            ?? throw new NotFoundException("你的报名");
        signUp.ClaimOffer(activity, now);
        return await db.InTransaction(async () =>
        {
            // The expiry job (or a cancellation) may have ended the offer since it was read.
            if (!await db.TryChangeStatusAsync(signUp, SignUpStatus.Offered, ct)) throw SignUp.NoOpenOffer();
            db.Send(cmd.CallerId, signUp.Status == SignUpStatus.Pending ? ActivityMessages.For(signUp, activity) : ActivityMessages.Promote(activity), now);
            await db.SaveChangesAsync(ct);
            return new SignUpResult(signUp.Id, activity.Id, signUp.RoleId, signUp.Status, null, null);
        }, ct);
    }
}
