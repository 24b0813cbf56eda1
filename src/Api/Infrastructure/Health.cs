using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using WechatCare.Domain.Data;

namespace WechatCare.Api.Infrastructure;

public static class Health
{
    public static IServiceCollection AddCareHealthChecks(this IServiceCollection services, IConfiguration config)
    {
        var checks = services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<WechatCare.Bot.Delivery.OutboxHealthCheck>("outbox", tags: ["ready"]);
        if (!string.IsNullOrWhiteSpace(config.GetConnectionString("Redis")))
            checks.AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }

    public static void MapCareHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = c => c.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, e.Value.Data }),
        });

    private sealed class DatabaseHealthCheck(CareDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The system keeps serving without Redis, but an operator should know it is degraded.
                return HealthCheckResult.Degraded("redis unreachable; running on in-process coordination");
            }
        }
    }
}
