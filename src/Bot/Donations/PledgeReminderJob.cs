using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Donations;

namespace WechatCare.Bot.Donations;

/// <summary>Hourly: reminds donors whose pledge has not arrived a few days before their drive ends (once per pledge).</summary>
public sealed class PledgeReminderJob : IBotJob
{
    public string Name => "donations:pledge-reminders";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
        await scope.GetRequiredService<ISender>().Send(new SendPledgeRemindersCommand(), ct);
}
