using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Pairing;

namespace WechatCare.Bot.Pairing;

/// <summary>Cadence reminders, escalations and retry suggestions (the work is <see cref="RunCadenceChecksCommand"/>).</summary>
public sealed class CadenceJob : IBotJob
{
    public string Name => "pairing-cadence";
    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
        await scope.GetRequiredService<ISender>().Send(new RunCadenceChecksCommand(), ct);
}
