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
                && p.DonorUserId != null && p.ReminderSentAtUtc == null).Select(p => new { p.Id, p.DonorUserId }).ToListAsync(ct);
            foreach (var pledge in due)
            {
                // Claim, then send, in one transaction: a second run (or a second process) finds nothing to claim.
                sent += await db.InDonationTransaction(async () =>
                {
                    var claimed = await db.Pledges.Where(p => p.Id == pledge.Id && p.ReminderSentAtUtc == null && p.Status == PledgeStatus.Pledged)
                        .ExecuteUpdateAsync(u => u.SetProperty(p => p.ReminderSentAtUtc, now.UtcDateTime), ct);
                    if (claimed == 0) return 0;
                    db.Send(pledge.DonorUserId!.Value, DonationMessages.Reminder(drive), now);
                    await db.SaveChangesAsync(ct);
                    return 1;
                }, ct);
            }
        }
        return sent;
    }
}
