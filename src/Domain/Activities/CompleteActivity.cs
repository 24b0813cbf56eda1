using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Activities;

public sealed record CompleteActivityCommand(Guid CallerId, Guid ActivityId) : ICommand<ActivityView>;

/// <summary>
/// Closes an activity that has started: confirmed volunteers who never checked in become no-shows, forgotten check-outs
/// are closed at the end and flagged. Attendance counts once the activity has ended either way; this tidies the record.
/// </summary>
public sealed class CompleteActivityHandler(CareDb db, TimeProvider clock) : ICommandHandler<CompleteActivityCommand, ActivityView>
{
    public async ValueTask<ActivityView> Handle(CompleteActivityCommand cmd, CancellationToken ct)
    {
        var activity = await db.LoadActivityAsync(cmd.ActivityId, ct);
        await db.RequireRoleAsync(cmd.CallerId, activity.OrganizationId, Access.Organizers, ct);
        await CompleteAsync(db, activity, clock.GetUtcNow(), ct);
        return await db.ViewAsync(activity, ct);
    }

    /// <summary>Shared with the bot job that completes activities once they end.</summary>
    public static async Task CompleteAsync(CareDb db, Activity activity, DateTimeOffset now, CancellationToken ct)
    {
        activity.Complete(now);
        var signUps = await db.SignUps.Where(s => s.ActivityId == activity.Id && s.Status == SignUpStatus.Confirmed).ToListAsync(ct);
        foreach (var signUp in signUps) signUp.CloseAtEnd(activity);
        await db.SaveChangesAsync(ct);
    }
}
