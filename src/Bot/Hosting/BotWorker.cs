using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WechatCare.Domain.Coordination;

namespace WechatCare.Bot.Hosting;

/// <summary>The bot role's host: runs every registered <see cref="IBotJob"/> on its own loop until shutdown.</summary>
public sealed class BotWorker(
    IEnumerable<IBotJob> jobs, IServiceScopeFactory scopes, IDistributedLock locks, TimeProvider clock, ILogger<BotWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = jobs.ToList();
        log.LogInformation("Bot started with {JobCount} job(s): {Jobs}", all.Count, string.Join(", ", all.Select(j => j.Name)));
        try
        {
            await Task.WhenAll(all.Select(job => LoopAsync(job, stoppingToken)));
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        log.LogInformation("Bot stopped");
    }

    private async Task LoopAsync(IBotJob job, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(job, stoppingToken);
            await job.WaitForNextRunAsync(clock, stoppingToken);
        }
    }

    /// <summary>One tick; never throws (except on shutdown), so one failure never stops the host.</summary>
    public async Task RunOnceAsync(IBotJob job, CancellationToken ct)
    {
        try
        {
            await using var held = job.SingleInstance ? await locks.TryAcquireAsync("job:" + job.Name, job.Interval * 2 + TimeSpan.FromSeconds(30), ct) : null;
            if (job.SingleInstance && held is null) return;   // another process runs it this time
            await using var scope = scopes.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Bot job {Job} failed; it runs again on its next tick", job.Name);
        }
    }
}
