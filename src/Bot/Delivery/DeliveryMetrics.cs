using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// The delivery meter (<c>WechatCare.Delivery</c>, exported by OpenTelemetry). Counters of what this process did: sent per
/// channel, failed, dead, retried, deferred. Gauges of the whole outbox (every worker's messages, from the database):
/// queued, sending, failed and dead messages and the age of the oldest due one. The meter comes from the container's
/// <see cref="IMeterFactory"/>, so it belongs to this host even when several hosts share a process (tests).
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "WechatCare.Delivery";
    /// <summary>How old the outbox snapshot may be before a scrape reads the database again.</summary>
    public static readonly TimeSpan SnapshotMaxAge = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<DeliveryMetrics> _log;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deferred;
    private volatile Observed? _last;

    public DeliveryMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeliveryMetrics> log)
    {
        (_scopes, _clock, _log) = (scopes, clock, log);
        var meter = meters.Create(MeterName);
        _sent = meter.CreateCounter<long>("wechatcare.delivery.sent", description: "Messages delivered by this process, by channel");
        _failed = meter.CreateCounter<long>("wechatcare.delivery.failed", description: "Messages every WeChat channel refused (inbox only)");
        _dead = meter.CreateCounter<long>("wechatcare.delivery.dead", description: "Messages whose retries ran out (inbox only)");
        _retried = meter.CreateCounter<long>("wechatcare.delivery.retried", description: "Transient failures scheduled for a retry");
        _deferred = meter.CreateCounter<long>("wechatcare.delivery.deferred", description: "Messages put back during a quota pause");
        // Gauge callbacks run synchronously inside a collection: they only read the last snapshot, never the database.
        meter.CreateObservableGauge("wechatcare.delivery.queued", () => Read(s => s.Queued), description: "Messages waiting to be sent (due, scheduled or waiting for a retry)");
        meter.CreateObservableGauge("wechatcare.delivery.sending", () => Read(s => s.Sending), description: "Messages claimed by a worker right now");
        meter.CreateObservableGauge("wechatcare.delivery.failed_messages", () => Read(s => s.Failed), description: "Messages in the final state failed");
        meter.CreateObservableGauge("wechatcare.delivery.dead_messages", () => Read(s => s.Dead), description: "Messages in the final state dead");
        meter.CreateObservableGauge("wechatcare.delivery.oldest_age", () => Read(s => s.OldestDueAge.TotalSeconds), unit: "s", description: "Age of the oldest due message not sent yet");
    }

    public void Sent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("channel", channel));
    public void Failed() => _failed.Add(1);
    public void Dead() => _dead.Add(1);
    public void Retried() => _retried.Add(1);
    public void Deferred() => _deferred.Add(1);
    /// <summary>
    /// Keeps <paramref name="snapshot"/>, read from <paramref name="takenAt"/> on: dated by when its read began, so a read
    /// that raced a commit is not trusted as fresh for longer than its age.
    /// </summary>
    public void Observe(OutboxSnapshot snapshot, DateTimeOffset takenAt) => _last = new Observed(snapshot, takenAt);

    /// <summary>
    /// Takes a new snapshot from the database unless the last one (from a dispatcher, the health check or an earlier
    /// scrape) is younger than <see cref="SnapshotMaxAge"/>. Awaited on the scrape path before the gauges are read, so
    /// any process (api, bot, both) reports the same counts and scrapes never queue up on the database.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (IsFresh()) return;
        await _refreshing.WaitAsync(ct);
        try
        {
            if (IsFresh()) return;
            await using var scope = _scopes.CreateAsyncScope();
            var now = _clock.GetUtcNow();
            Observe(await scope.ServiceProvider.GetRequiredService<CareDb>().SnapshotAsync(now, ct), now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rest of /metrics still answers; the outbox gauges go missing rather than show stale counts.
            _last = null;
            _log.LogWarning(e, "Could not read the outbox for the delivery gauges");
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private bool IsFresh() => _last is { } last && _clock.GetUtcNow() - last.At < SnapshotMaxAge;

    /// <summary>No measurement at all until a first snapshot exists: an unknown backlog is not a backlog of zero.</summary>
    private IEnumerable<Measurement<T>> Read<T>(Func<OutboxSnapshot, T> value) where T : struct =>
        _last is { } last ? [new Measurement<T>(value(last.Snapshot))] : [];

    private sealed record Observed(OutboxSnapshot Snapshot, DateTimeOffset At);
}
