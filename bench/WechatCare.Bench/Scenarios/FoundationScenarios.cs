using System.Globalization;

namespace WechatCare.Bench.Scenarios;

/// <summary>H (hello-world of the same host) and one authenticated read.</summary>
public static class FoundationScenarios
{
    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        var hello = await LoadClient.RunAsync("H", ctx.Http, () => new HttpRequestMessage(HttpMethod.Get, "/health/live"), ctx.Concurrency, ctx.Duration, ctx.Host);
        ctx.HelloPerSecond = hello.RequestsPerSecond;

        var (token, _) = await ctx.LogInAsync("bench-reader");
        var me = await LoadClient.RunAsync("GET /api/me", ctx.Http, () => BenchContext.Authorized(HttpMethod.Get, "/api/me", token), ctx.Concurrency, ctx.Duration, ctx.Host);
        var ratio = me.RequestsPerSecond / hello.RequestsPerSecond;
        return
        [
            new("H: GET /health/live", "—", Describe(hello), "1.00", "—"),
            new("authenticated read: GET /api/me", $"H {hello.RequestsPerSecond:0}/s", Describe(me), ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.25", ratio >= 0.25),
        ];
    }

    public static string Describe(LoadClient.Result r) =>
        $"{r.RequestsPerSecond:0}/s p50 {r.P50Ms:0.0} ms p99 {r.P99Ms:0.0} ms"
        + (r.ServerCpuMsPerRequest is { } cpu ? $", host CPU {cpu.ToString("0.00", CultureInfo.InvariantCulture)} ms/req" : "")
        + (r.MachineCpuMsPerRequest is { } all ? $", machine CPU {all.ToString("0.00", CultureInfo.InvariantCulture)} ms/req" : "")
        + (r.MachineCpuSplit is { } split ? $" (MariaDB {F(split.MariaDb)}, load client {F(split.Client)}, kernel {F(split.Kernel)}; {split.ContextSwitches:0.0} context switches)" : "")
        + (r.Errors > 0 ? $" ({r.Errors} errors)" : "");

    private static string F(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
}
