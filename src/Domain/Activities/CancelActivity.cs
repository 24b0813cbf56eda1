using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Activities;

public sealed record CancelActivityCommand(Guid CallerId, Guid ActivityId, string Reason) : ICommand<ActivityView>;

public sealed class CancelActivityValidator : AbstractValidator<CancelActivityCommand>
{
    public CancelActivityValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
}

/// <summary>
/// Cancels the activity and tells everyone still signed up (confirmed, pending, offered or waiting). Open offers and the
/// waitlist end with it: nothing is left to claim, and the offer-expiry job will not later tell anyone that their seat
/// passed to the next in line. (Seats stay counted as they were: a cancelled activity hands out none.)
/// </summary>
public sealed class CancelActivityHandler(CareDb db, TimeProvider clock) : ICommandHandler<CancelActivityCommand, ActivityView>
{
    public async ValueTask<ActivityView> Handle(CancelActivityCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadActivityAsync(cmd.ActivityId, ct);
        await db.RequireRoleAsync(cmd.CallerId, activity.OrganizationId, Access.Organizers, ct);
        activity.Cancel(cmd.Reason);
        var active = await db.SignUps.Where(s => s.ActivityId == activity.Id &&
            (s.Status == SignUpStatus.Confirmed || s.Status == SignUpStatus.Pending || s.Status == SignUpStatus.Offered || s.Status == SignUpStatus.Waitlisted))
            .ToListAsync(ct);
        foreach (var signUp in active)
        {
            db.Send(signUp.VolunteerId, ActivityMessages.ActivityWasCancelled(activity), now);
            if (signUp.Status is SignUpStatus.Offered or SignUpStatus.Waitlisted) signUp.Cancel(activity, now);
        }
        await db.SaveChangesAsync(ct);
        return await db.ViewAsync(activity, ct);
    }
}
