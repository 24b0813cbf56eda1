using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

/// <summary>
/// Run by the bot: tells confirmed volunteers 24 h and 2 h before the start. Each sign-up remembers which reminders it got,
/// so running twice (or on two machines) sends nothing twice; a volunteer confirmed late gets only the 2 h one.
/// </summary>
public sealed record SendActivityRemindersCommand : ICommand<int>;

public sealed class SendActivityRemindersHandler(CareDb db, TimeProvider clock) : ICommandHandler<SendActivityRemindersCommand, int>
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24), ShortlyBefore = TimeSpan.FromHours(2);

    public async ValueTask<int> Handle(SendActivityRemindersCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var instant = now.UtcDateTime;
        var horizon = instant + DayBefore;
        var due = await (from s in db.SignUps
                         join a in db.Activities on s.ActivityId equals a.Id
                         where a.Status == ActivityStatus.Published && a.StartsAtUtc > instant && a.StartsAtUtc <= horizon
                               && s.Status == SignUpStatus.Confirmed && s.Reminded2hAtUtc == null
                         select new { SignUp = s, Activity = a }).ToListAsync(ct);
        var sent = 0;
        foreach (var item in due)
        {
            var shortly = item.Activity.StartsAtUtc - instant <= ShortlyBefore;
            if (!shortly && item.SignUp.Reminded24hAtUtc is not null) continue;
            db.Send(item.SignUp.VolunteerId, ActivityMessages.Reminder(item.Activity, dayBefore: !shortly, now), now);
            if (shortly) item.SignUp.MarkReminded(dayBefore: true, now);
            item.SignUp.MarkReminded(dayBefore: !shortly, now);
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }
}
