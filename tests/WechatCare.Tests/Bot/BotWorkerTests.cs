using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Coordination;

namespace WechatCare.Tests.Bot;

public sealed class BotWorkerTests
{
    private sealed class FlakyJob : IBotJob
    {
        public int Runs;
        public string Name => "flaky";
        public TimeSpan Interval => TimeSpan.FromMilliseconds(20);
        public Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
            ++Runs % 2 == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
    }

    [Fact]
    public async Task A_failing_tick_is_logged_and_the_job_keeps_running()
    {
        var job = new FlakyJob();
        using var services = new ServiceCollection().BuildServiceProvider();
        var worker = new BotWorker([job], services.GetRequiredService<IServiceScopeFactory>(),
            new InProcessLock(TimeProvider.System), TimeProvider.System, NullLogger<BotWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (job.Runs < 4 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await worker.StopAsync(CancellationToken.None);

        Assert.True(job.Runs >= 4, $"the job ran {job.Runs} times");
    }

    [Fact]
    public async Task A_single_instance_job_is_skipped_while_another_process_holds_its_lock()
    {
        var job = new FlakyJob();
        var locks = new InProcessLock(TimeProvider.System);
        using var services = new ServiceCollection().BuildServiceProvider();
        var worker = new BotWorker([job], services.GetRequiredService<IServiceScopeFactory>(), locks, TimeProvider.System, NullLogger<BotWorker>.Instance);

        await using (await locks.TryAcquireAsync("job:flaky", TimeSpan.FromMinutes(1)))
            await worker.RunOnceAsync(job, CancellationToken.None);
        Assert.Equal(0, job.Runs);

        await worker.RunOnceAsync(job, CancellationToken.None);
        Assert.Equal(1, job.Runs);
    }
}
