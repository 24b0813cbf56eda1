using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

/// <summary>Run by the bot: unclaimed offers past their window lapse and the seat passes to the next in line.</summary>
public sealed record ExpireOffersCommand : ICommand<int>;

public sealed class ExpireOffersHandler(CareDb db, TimeProvider clock, IOptions<ActivityOptions> options) : ICommandHandler<ExpireOffersCommand, int>
{
    public async ValueTask<int> Handle(ExpireOffersCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var instant = now.UtcDateTime;
        var lapsed = await db.SignUps.AsNoTracking()
            .Where(s => s.Status == SignUpStatus.Offered && s.OfferExpiresAtUtc <= instant).Select(s => s.Id).ToListAsync(ct);
        foreach (var id in lapsed)
        {
            await db.InTransaction(async () =>
            {
                db.ChangeTracker.Clear();
                var signUp = await db.SignUps.SingleAsync(s => s.Id == id, ct);
                if (signUp.Status != SignUpStatus.Offered) return false;   // claimed meanwhile
                var activity = await db.LoadActivityAsync(signUp.ActivityId, ct);
                signUp.ExpireOffer();
                // A claim may have landed since this read: then the seat is theirs and nothing is released.
                if (!await db.TryChangeStatusAsync(signUp, SignUpStatus.Offered, ct)) return false;
                db.Send(signUp.VolunteerId, ActivityMessages.Expired(activity), now);
                await db.SaveChangesAsync(ct);
                await db.ReleaseSeatAndOfferAsync(activity, signUp.RoleId, options.Value, now, ct);
                return true;
            }, ct);
        }
        return lapsed.Count;
    }
}
