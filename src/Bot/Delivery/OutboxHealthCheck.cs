using Microsoft.Extensions.Diagnostics.HealthChecks;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;

namespace WechatCare.Bot.Delivery;

/// <summary>The outbox in <c>/health/ready</c>: queued, sending, delivered, failed, dead and the oldest due age. Informational: always healthy.</summary>
public sealed class OutboxHealthCheck(CareDb db, DeliveryMetrics metrics, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var s = await db.SnapshotAsync(now, ct);
        metrics.Observe(s, now);
        return HealthCheckResult.Healthy($"{s.Queued + s.Sending} queued", new Dictionary<string, object>
        {
            ["queued"] = s.Queued,
            ["sending"] = s.Sending,
            ["delivered"] = s.Delivered,
            ["failed"] = s.Failed,
            ["dead"] = s.Dead,
            ["oldestAgeSeconds"] = (long)s.OldestDueAge.TotalSeconds,
        });
    }
}
