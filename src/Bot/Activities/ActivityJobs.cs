using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Activities;

namespace WechatCare.Bot.Activities;

/// <summary>Reminders 24 h and 2 h before an activity, to its confirmed volunteers (into the outbox and inbox).</summary>
public sealed class ActivityReminderJob : IBotJob
{
    public string Name => "activity-reminders";
    public TimeSpan Interval => TimeSpan.FromMinutes(5);
    public Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
        scope.GetRequiredService<ISender>().Send(new SendActivityRemindersCommand(), ct).AsTask();
}

/// <summary>Lapses unclaimed waitlist offers and passes their seats to the next in line.</summary>
public sealed class ActivityOfferExpiryJob : IBotJob
{
    public string Name => "activity-offer-expiry";
    public TimeSpan Interval => TimeSpan.FromMinutes(1);
    public Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
        scope.GetRequiredService<ISender>().Send(new ExpireOffersCommand(), ct).AsTask();
}
