using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

public sealed record SignUpForActivityCommand(Guid CallerId, Guid ActivityId, Guid? RoleId) : ICommand<SignUpResult>;

public sealed record SignUpResult(Guid Id, Guid ActivityId, Guid RoleId, SignUpStatus Status, int? Position, DateTimeOffset? OfferExpiresAt);

public sealed class SignUpForActivityHandler(CareDb db, TimeProvider clock) : ICommandHandler<SignUpForActivityCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(SignUpForActivityCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == cmd.ActivityId, ct)
            ?? throw new NotFoundException("该活动");
        if (activity.Status == ActivityStatus.Draft) throw new NotFoundException("该活动");
        activity.EnsureOpenForSignUp(now);
        var role = activity.RoleFor(cmd.RoleId);

        var previous = await db.SignUps.AsNoTracking().SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.VolunteerId == cmd.CallerId, ct);
        if (previous is { IsActive: true }) throw AlreadySignedUp();
        (await db.EvaluateAsync(cmd.CallerId, activity, role, now, ct)).ThrowIfUnmet();
        await EnsureNoOverlapAsync(activity, cmd.CallerId, ct);

        try
        {
            return await db.InTransaction(async () =>
            {
                db.ChangeTracker.Clear();   // the execution strategy may run this again: start clean each time
                // A cancelled (or expired, rejected) earlier sign-up gives way to the new one, which queues afresh.
                if (previous is not null) await db.SignUps.Where(s => s.Id == previous.Id && (s.Status == SignUpStatus.Cancelled
                    || s.Status == SignUpStatus.Rejected || s.Status == SignUpStatus.OfferExpired)).ExecuteDeleteAsync(ct);

                SignUp signUp;
                int? position = null;
                if (await db.TryTakeSeatAsync(role.Id, ct))
                {
                    signUp = SignUp.Seated(activity.Id, role.Id, cmd.CallerId, activity.RequiresApproval, now);
                }
                else
                {
                    var number = await db.NextWaitlistNumberAsync(role.Id, ct);
                    position = await db.WaitlistPositionAsync(role.Id, number, ct) + 1;
                    signUp = SignUp.OnWaitlist(activity.Id, role.Id, cmd.CallerId, number, now);
                }
                db.SignUps.Add(signUp);
                db.Send(cmd.CallerId, ActivityMessages.For(signUp, activity, position), now);
                await db.SaveChangesAsync(ct);
                return new SignUpResult(signUp.Id, activity.Id, role.Id, signUp.Status, position, null);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The unique (activity, volunteer) index: a second copy of this sign-up committed first.
            throw AlreadySignedUp();
        }
    }

    private async Task EnsureNoOverlapAsync(Activity activity, Guid volunteerId, CancellationToken ct)
    {
        var clash = await (from s in db.SignUps
                           join a in db.Activities on s.ActivityId equals a.Id
                           where s.VolunteerId == volunteerId && a.Id != activity.Id && a.Status == ActivityStatus.Published
                                 && (s.Status == SignUpStatus.Confirmed || s.Status == SignUpStatus.Pending
                                     || s.Status == SignUpStatus.Offered || s.Status == SignUpStatus.Waitlisted)
                                 && a.StartsAtUtc < activity.EndsAtUtc && activity.StartsAtUtc < a.EndsAtUtc
                           select a.Title).FirstOrDefaultAsync(ct);
        if (clash is not null)
            throw new DomainException("overlapping_activity", $"你已报名同一时间的活动「{clash}」，不能同时参加两个活动");
    }

    private static ConflictException AlreadySignedUp() => new("already_signed_up", "你已经报名了这个活动");
}
