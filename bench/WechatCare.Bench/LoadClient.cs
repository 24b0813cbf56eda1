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
    /// With a host to watch, the warm-up goes on in 2 s steps until the host's CPU per request stops falling (within 5 %
    /// of the step before), at most 60 s: on 2 busy cores the JIT's background tier-up of EF Core and friends takes
    /// 20-40 s, and a run measured before that reports the compiler, not the request.
    /// </summary>
    private static readonly TimeSpan WarmUpStep = TimeSpan.FromSeconds(5), WarmUpLimit = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("WL") is {} w ? int.Parse(w) : 60);

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
        await WarmUpAsync(http, request, concurrency, server);
        return await MeasureAsync(http, request, concurrency, duration, server) with { Name = name };
    }

    private static async Task WarmUpAsync(HttpClient http, Func<HttpRequestMessage> request, int concurrency, HostProcess server)
    {
        var started = Stopwatch.StartNew();
        var previous = double.MaxValue;
        while (started.Elapsed < WarmUpLimit)
        {
            var step = await MeasureAsync(http, request, concurrency, WarmUpStep, server);
            var cpu = step.ServerCpuMsPerRequest ?? 0;
            Console.Error.WriteLine($"    {started.Elapsed.TotalSeconds:0}s {step.RequestsPerSecond:0}/s {cpu:0.00} ms");
            if (Environment.GetEnvironmentVariable("WL") is null && cpu > previous * 0.95) break;
            previous = cpu;
        }
        Console.Error.WriteLine($"  warm-up {started.Elapsed.TotalSeconds:0} s");
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
