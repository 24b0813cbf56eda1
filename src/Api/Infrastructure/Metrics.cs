using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using WechatCare.Bot.Delivery;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// OpenTelemetry metrics in Prometheus text at <c>GET /metrics</c> (<c>Metrics:Enabled</c>, default true), for every role.
/// Only the delivery meter and the runtime's own meter are exported; HTTP request metrics and tracing stay off on purpose
/// (they cost on every request). <c>Metrics:Meters</c> adds more meter names, e.g. <c>Microsoft.AspNetCore.Hosting</c>.
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    public static IServiceCollection AddCareMetrics(this IServiceCollection services, IConfiguration config)
    {
        if (!Enabled(config)) return services;
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter([DeliveryMetrics.MeterName, "System.Runtime", .. config.GetSection("Metrics:Meters").Get<string[]>() ?? []]);
            // Our outbox snapshot is cached (DeliveryMetrics.SnapshotMaxAge); a second cache here would only hide fresh counts.
            metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            // The SDK subscribes to meters by name, process-wide: drop meters another host's IMeterFactory made
            // (several hosts in one test process), so each host exports only its own numbers.
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
            {
                var own = sp.GetRequiredService<IMeterFactory>();
                builder.AddView(i => i.Meter.Scope is IMeterFactory factory && factory != own ? MetricStreamConfiguration.Drop : null);
            });
        });
        return services;
    }

    /// <summary>Maps the scrape endpoint (anonymous, like the health checks); the outbox gauges are refreshed first.</summary>
    public static void MapCareMetrics(this IEndpointRouteBuilder app, IConfiguration config)
    {
        if (!Enabled(config)) return;
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, optionsName: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            await http.RequestServices.GetRequiredService<DeliveryMetrics>().RefreshAsync(http.RequestAborted);
            await next(http);
        })).AllowAnonymous();
    }

    private static bool Enabled(IConfiguration config) => config.GetValue("Metrics:Enabled", true);
}
