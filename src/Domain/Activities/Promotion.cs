using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

public sealed class ActivityOptions
{
    /// <summary>How long a waitlisted volunteer has to claim a freed seat (never past the activity's start).</summary>
    public TimeSpan OfferClaimWindow { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Freed seats go to the waitlist in arrival order: each next volunteer who is still eligible (checked again now, since
/// the rules or their record may have changed) gets an offer to claim within the window. Nobody is offered a seat once
/// the activity has started. Runs inside the caller's transaction.
/// </summary>
public static class Promotion
{
    /// <summary>Gives back a seat of the role and offers it to the next eligible volunteer in line.</summary>
    public static async Task ReleaseSeatAndOfferAsync(this CareDb db, Activity activity, Guid roleId, ActivityOptions options,
        DateTimeOffset now, CancellationToken ct)
    {
        var role = activity.Roles.Single(r => r.Id == roleId);
        await db.ReleaseSeatAsync(role.Id, ct);
        await db.OfferFreedSeatsAsync(activity, role, options, now, ct);
    }

    public static async Task OfferFreedSeatsAsync(this CareDb db, Activity activity, ActivityRole role, ActivityOptions options,
        DateTimeOffset now, CancellationToken ct)
    {
        if (activity.Status != ActivityStatus.Published || now.UtcDateTime >= activity.StartsAtUtc) return;
        var skipped = new List<Guid>();
        while (true)
        {
            var next = await db.SignUps
                .Where(s => s.RoleId == role.Id && s.Status == SignUpStatus.Waitlisted && !skipped.Contains(s.Id))
                .OrderBy(s => s.WaitlistNumber).FirstOrDefaultAsync(ct);
            if (next is null) return;
            if (!(await db.EvaluateAsync(next.VolunteerId, activity, role, now, ct)).IsEligible)
            {
                skipped.Add(next.Id);
                continue;
            }
            if (!await db.TryTakeSeatAsync(role.Id, ct)) return;
            var window = now + options.OfferClaimWindow;
            var expiresAt = window.UtcDateTime < activity.StartsAtUtc ? window.UtcDateTime : activity.StartsAtUtc;
            next.Offer(expiresAt);
            if (!await db.TryChangeStatusAsync(next, SignUpStatus.Waitlisted, ct))
            {
                // They left the waitlist since it was read: the seat goes back, to the next in line.
                await db.ReleaseSeatAsync(role.Id, ct);
                db.Entry(next).State = EntityState.Detached;
                skipped.Add(next.Id);
                continue;
            }
            db.Send(next.VolunteerId, ActivityMessages.Offer(activity, expiresAt), now);
            await db.SaveChangesAsync(ct);
        }
    }
}
