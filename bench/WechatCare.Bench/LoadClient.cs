using System.Diagnostics;

namespace WechatCare.Bench;

/// <summary>A closed-loop load client: <c>concurrency</c> workers send back-to-back requests for a fixed time.</summary>
public static class LoadClient
{
    public sealed record Result(string Name, int Requests, int Errors, double Seconds, double P50Ms, double P99Ms)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    /// <summary>Unmeasured load first: tiered JIT and dynamic PGO recompile hot methods over the first seconds.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<Result> RunAsync(string name, HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        await LoopAsync(http, request, concurrency, WarmUp, record: false);
        return await LoopAsync(http, request, concurrency, duration, record: true) with { Name = name };
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
