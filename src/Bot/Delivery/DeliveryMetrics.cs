using System.Diagnostics.Metrics;
using WechatCare.Domain.Delivery;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// The delivery meter (<c>WechatCare.Delivery</c>, read by OpenTelemetry): messages sent per channel, failed, dead,
/// retried and deferred, and the outbox gauges (queued, oldest age) from the last snapshot a dispatcher took.
/// </summary>
public sealed class DeliveryMetrics : IDisposable
{
    public const string MeterName = "WechatCare.Delivery";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deferred;
    private volatile OutboxSnapshot? _last;

    public DeliveryMetrics()
    {
        _sent = _meter.CreateCounter<long>("wechatcare.delivery.sent", description: "Messages delivered, by channel");
        _failed = _meter.CreateCounter<long>("wechatcare.delivery.failed", description: "Messages every WeChat channel refused (inbox only)");
        _dead = _meter.CreateCounter<long>("wechatcare.delivery.dead", description: "Messages whose retries ran out (inbox only)");
        _retried = _meter.CreateCounter<long>("wechatcare.delivery.retried", description: "Transient failures scheduled for a retry");
        _deferred = _meter.CreateCounter<long>("wechatcare.delivery.deferred", description: "Messages put back during a quota pause");
        _meter.CreateObservableGauge("wechatcare.delivery.queued", () => (long)(_last?.Queued + _last?.Sending ?? 0), description: "Messages not finished yet");
        _meter.CreateObservableGauge("wechatcare.delivery.oldest_age", () => _last?.OldestDueAge.TotalSeconds ?? 0, unit: "s", description: "Age of the oldest due message");
    }

    public OutboxSnapshot? Last => _last;

    public void Sent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("channel", channel));
    public void Failed() => _failed.Add(1);
    public void Dead() => _dead.Add(1);
    public void Retried() => _retried.Add(1);
    public void Deferred() => _deferred.Add(1);
    public void Observe(OutboxSnapshot snapshot) => _last = snapshot;

    public void Dispose() => _meter.Dispose();
}
