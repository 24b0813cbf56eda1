using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Donations;

/// <summary>
/// Reminds donors whose pledge has not arrived when their drive ends within <see cref="Window"/>. Each pledge is
/// reminded at most once (<see cref="Pledge.ReminderSentAtUtc"/>), so running it again is harmless.
/// Offline donors (no account) are not reminded: the organizer who entered them knows them.
/// </summary>
public sealed record SendPledgeRemindersCommand : ICommand<int>
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);
}

public sealed class SendPledgeRemindersHandler(CareDb db, TimeProvider clock) : ICommandHandler<SendPledgeRemindersCommand, int>
{
    public async ValueTask<int> Handle(SendPledgeRemindersCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var soon = now.UtcDateTime + SendPledgeRemindersCommand.Window;
        var drives = await db.Drives.IgnoreAutoIncludes()
            .Where(d => d.Status == DriveStatus.Open && d.EndsAtUtc > now.UtcDateTime && d.EndsAtUtc <= soon).ToListAsync(ct);
        var sent = 0;
        foreach (var drive in drives)
        {
            var due = await db.Pledges.Where(p => p.DriveId == drive.Id && p.Status == PledgeStatus.Pledged
                && p.DonorUserId != null && p.ReminderSentAtUtc == null).ToListAsync(ct);
            foreach (var pledge in due)
            {
                db.Send(pledge.DonorUserId!.Value, DonationMessages.Reminder(drive), now);
                pledge.MarkReminded(now);
                sent++;
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }
}
