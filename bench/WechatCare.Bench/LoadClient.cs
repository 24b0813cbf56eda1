using System.Diagnostics;

namespace WechatCare.Bench;

/// <summary>A closed-loop load client: <c>concurrency</c> workers send back-to-back requests for a fixed time.</summary>
public static class LoadClient
{
    public sealed record Result(string Name, int Requests, int Errors, double Seconds, double P50Ms, double P99Ms)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    public static async Task<Result> RunAsync(string name, HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        // Warm-up: JIT, connection pool, database caches.
        for (var i = 0; i < 50; i++) (await http.SendAsync(request())).Dispose();

        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request());
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        });
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(name, all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
