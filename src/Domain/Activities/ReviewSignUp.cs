using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

/// <summary>For activities that need approval: an organizer confirms or turns down a pending sign-up (which frees its seat).</summary>
public sealed record ReviewSignUpCommand(Guid CallerId, Guid ActivityId, Guid VolunteerId, bool Approve) : ICommand<SignUpResult>;

public sealed class ReviewSignUpHandler(CareDb db, TimeProvider clock, IOptions<ActivityOptions> options) : ICommandHandler<ReviewSignUpCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(ReviewSignUpCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadForOrganizerAsync(cmd.ActivityId, cmd.CallerId, ct);

        return await db.InTransaction(async () =>
        {
            db.ChangeTracker.Clear();
            var signUp = await db.SignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.VolunteerId == cmd.VolunteerId, ct)
                ?? throw new NotFoundException("该报名");
            if (cmd.Approve) signUp.Approve();
            else signUp.Reject();
            // The volunteer may have cancelled since it was read: decide (and free the seat) only once.
            if (!await db.TryChangeStatusAsync(signUp, SignUpStatus.Pending, ct)) throw SignUp.NotPending();
            db.Send(signUp.VolunteerId, cmd.Approve ? ActivityMessages.For(signUp, activity) : ActivityMessages.Rejected(activity), now);
            await db.SaveChangesAsync(ct);
            if (!cmd.Approve) await db.ReleaseSeatAndOfferAsync(activity, signUp.RoleId, options.Value, now, ct);
            return new SignUpResult(signUp.Id, activity.Id, signUp.RoleId, signUp.Status, null, null);
        }, ct);
    }
}
