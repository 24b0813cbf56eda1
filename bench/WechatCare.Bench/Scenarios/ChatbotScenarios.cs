using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WechatCare.Bench.Scenarios;

/// <summary>
/// Official Account callback latency (verify + parse + dedupe + conversation + reply) at a fixed 200 pushes/s, open loop,
/// with Redis up and then with Redis stopped (the host degrades to in-process coordination and the database).
/// Goal: p99 ≤ 100 ms (2 % of WeChat's 5 s), no errors.
/// </summary>
public static class ChatbotScenarios
{
    private const string SandboxPushToken = "sandbox-push-token";
    private const int PushesPerSecond = 200;
    private static long _msgId = Random.Shared.NextInt64(1, 1L << 62);

    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        await PushAtRateAsync(ctx, TimeSpan.FromSeconds(2));   // warm-up
        var rows = new List<BenchRow> { Row("chatbot: 200 pushes/s, Redis up", await PushAtRateAsync(ctx, ctx.Duration)) };
        if (await StopRedisAsync())
        {
            await PushAtRateAsync(ctx, TimeSpan.FromSeconds(3));   // the host notices Redis is gone
            rows.Add(Row("chatbot: 200 pushes/s, Redis stopped", await PushAtRateAsync(ctx, ctx.Duration)));
        }
        return rows;
    }

    private static BenchRow Row(string name, LoadClient.Result r) =>
        new(name, "5 s WeChat limit", FoundationScenarios.Describe(r), (r.P99Ms / 5000).ToString("0.000", CultureInfo.InvariantCulture),
            "p99 ≤ 100 ms, 0 errors", r.P99Ms <= 100 && r.Errors == 0);

    private static async Task<LoadClient.Result> PushAtRateAsync(BenchContext ctx, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0L; ; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PushesPerSecond);
            if (due >= duration) break;
            if (due - clock.Elapsed is { TotalMilliseconds: > 1 } wait) await Task.Delay(wait);
            var openId = "obench" + (i % 500).ToString("D22", CultureInfo.InvariantCulture);
            pending.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await ctx.Http.SendAsync(SignedText(openId, "帮助"));
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode || !body.Contains("<Content>", StringComparison.Ordinal)) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(pending);
        var sorted = latencies.Order().ToArray();
        return new LoadClient.Result("chatbot", sorted.Length, errors, duration.TotalSeconds,
            LoadClient.Percentile(sorted, 0.50), LoadClient.Percentile(sorted, 0.99));
    }

    private static HttpRequestMessage SignedText(string openId, string text)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var parts = new[] { SandboxPushToken, timestamp, nonce }.Order(StringComparer.Ordinal);
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
        var xml = $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName>" +
                  $"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>" +
                  $"<MsgId>{Interlocked.Increment(ref _msgId)}</MsgId></xml>";
        return new HttpRequestMessage(HttpMethod.Post, $"/wechat/callback?signature={signature}&timestamp={timestamp}&nonce={nonce}")
        {
            Content = new StringContent(xml, Encoding.UTF8, "text/xml"),
        };
    }

    /// <summary>Shuts down the bench's own Redis (started by bench/run for this run only); false when redis-cli is missing.</summary>
    private static async Task<bool> StopRedisAsync()
    {
        var redis = Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS") ?? "";
        var port = redis.Split(':').ElementAtOrDefault(1)?.Split(',')[0];
        if (port is null) return false;
        try
        {
            using var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", port, "shutdown", "nosave"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (cli is null) return false;
            await cli.WaitForExitAsync();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
