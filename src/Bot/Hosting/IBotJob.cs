namespace WechatCare.Bot.Hosting;

/// <summary>
/// A recurring piece of bot work (dispatching the outbox, reminders, attendance reports, cadence checks).
/// The <see cref="BotWorker"/> runs each job every <see cref="Interval"/> (or when it is woken) in its own DI scope, under a lock named after
/// the job so only one process runs it at a time, and a failing tick is logged and retried on the next one.
/// </summary>
public interface IBotJob
{
    string Name { get; }
    TimeSpan Interval { get; }
    /// <summary>False for work that is safe to run in every process at once (e.g. a dispatcher that claims rows).</summary>
    bool SingleInstance => true;
    Task RunAsync(IServiceProvider scope, CancellationToken ct);
    /// <summary>Waits until the next run: one <see cref="Interval"/>, or less when the job learns of work sooner.</summary>
    Task WaitForNextRunAsync(TimeProvider clock, CancellationToken ct) => Task.Delay(Interval, clock, ct);
}
