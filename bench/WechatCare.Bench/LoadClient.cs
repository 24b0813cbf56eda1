using System.Diagnostics;

namespace WechatCare.Bench;

/// <summary>A closed-loop load client: <c>concurrency</c> workers send back-to-back requests for a fixed time.</summary>
public static class LoadClient
{
    public sealed record Result(string Name, int Requests, int Errors, double Seconds, double P50Ms, double P99Ms)
    {
        public double RequestsPerSecond => Requests / Seconds;

        /// <summary>CPU the server process spent per request during the measured run (null when not measured).</summary>
        public double? ServerCpuMsPerRequest { get; init; }
    }

    /// <summary>Unmeasured load first: tiered JIT and dynamic PGO recompile hot methods over the first seconds.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// With a host to watch, the warm-up lasts 45 s (<c>BENCH_WARMUP_SECONDS</c> overrides it): on 2 busy cores the JIT's
    /// background tier-up of EF Core, MySqlConnector and ASP.NET Core takes 20-50 s, and a run measured before that
    /// reports the compiler rather than the request (an EF-heavy read fell from 2.1 to 0.7 ms of host CPU per request
    /// over its first 40 s). The host CPU per request of each 5 s step goes to stderr, to see that it has settled.
    /// </summary>
    private static readonly TimeSpan WatchedWarmUp = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS"), out var seconds) ? seconds : 45);

    /// <param name="server">The host under load: its CPU time per request is reported too. Unlike requests per second,
    /// that number hardly moves when other work shares the machine, so it is the one to compare between changes.</param>
    public static async Task<Result> RunAsync(string name, HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration,
        HostProcess? server = null)
    {
        if (server is null)
        {
            await LoopAsync(http, request, concurrency, WarmUp, record: false);
            return await LoopAsync(http, request, concurrency, duration, record: true) with { Name = name };
        }
        var steps = new List<string>();
        for (var warm = TimeSpan.Zero; warm < WatchedWarmUp; warm += TimeSpan.FromSeconds(5))
        {
            var step = await MeasureAsync(http, request, concurrency, TimeSpan.FromSeconds(5), server);
            steps.Add($"{step.ServerCpuMsPerRequest:0.00}");
        }
        Console.Error.WriteLine($"  {name}: warm-up host CPU ms/req per 5 s: {string.Join(" ", steps)}");
        return await MeasureAsync(http, request, concurrency, duration, server) with { Name = name };
    }

    private static async Task<Result> MeasureAsync(HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration, HostProcess server)
    {
        var cpuBefore = server.CpuTime;
        var result = await LoopAsync(http, request, concurrency, duration, record: true);
        return result.Requests == 0 ? result : result with { ServerCpuMsPerRequest = (server.CpuTime - cpuBefore).TotalMilliseconds / result.Requests };
    }

    private static async Task<Result> LoopAsync(HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration, bool record)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(record ? 4096 : 0);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request());
                if (record) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        });
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result("", all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
