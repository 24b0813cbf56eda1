using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace WechatCare.Bench.Scenarios;

/// <summary>
/// Official Account callback latency (verify + parse + dedupe + identity + command + audit + reply) for linked followers
/// asking "我的消息", open loop at a fixed rate: 20/s (unsaturated), 200/s with Redis up, then 200/s with Redis stopped
/// (the host degrades to in-process coordination and the database). The 200/s runs happen while a sign-up load (the
/// Activities benchmark's requests, 16 closed-loop clients) runs against the same host, as the issue asks.
/// A reply later than the deadline ("success") counts as an error. Goal: p99 ≤ 100 ms (2 % of WeChat's 5 s), no errors.
/// </summary>
public static class ChatbotScenarios
{
    private const string SandboxPushToken = "sandbox-push-token";
    private const int PushesPerSecond = 200;
    private static long _msgId = Random.Shared.NextInt64(1, 1L << 62);

    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        var people = await LinkPeopleAsync(ctx, 100);
        var (_, _, _, nextSignUp) = await ActivityScenarios.PrepareSignUpsAsync(ctx, "bench-chat-volunteer");
        await PushAtRateAsync(ctx, people, 50, TimeSpan.FromSeconds(2));   // warm-up
        var rows = new List<BenchRow> { Row("chatbot: 20 pushes/s (unsaturated), Redis up", await PushAtRateAsync(ctx, people, 20, ctx.Duration)) };
        await WithSignUpLoadAsync(ctx, nextSignUp, async () =>
            rows.Add(Row("chatbot: 200 pushes/s while sign-ups run, Redis up", await PushAtRateAsync(ctx, people, PushesPerSecond, ctx.Duration))), rows);
        if (await StopRedisAsync())
        {
            await PushAtRateAsync(ctx, people, 50, TimeSpan.FromSeconds(3));   // the host notices Redis is gone
            await WithSignUpLoadAsync(ctx, nextSignUp, async () =>
                rows.Add(Row("chatbot: 200 pushes/s while sign-ups run, Redis stopped", await PushAtRateAsync(ctx, people, PushesPerSecond, ctx.Duration))), rows);
        }
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="measure"/> while 16 clients sign up back to back (started 3 s earlier, like every load's
    /// warm-up); adds a row with the sign-up rate achieved meanwhile.
    /// </summary>
    private static async Task WithSignUpLoadAsync(BenchContext ctx, Func<HttpRequestMessage> nextSignUp, Func<Task> measure, List<BenchRow> rows)
    {
        using var stop = new CancellationTokenSource();
        var (done, failed) = (0, 0);
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await ctx.Http.SendAsync(nextSignUp());
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref done : ref failed);
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(3));   // the sign-up path warms up (JIT) before the pushes are measured
        (done, failed) = (0, 0);
        var clock = Stopwatch.StartNew();
        await measure();
        stop.Cancel();
        await load;
        rows.Add(new("  (sign-ups served meanwhile)", "—", $"{done / clock.Elapsed.TotalSeconds:0}/s, {failed} failed", "—", "—"));
    }

    /// <summary>Linked followers, as people link: a bind code from the mini-program, then "绑定公众号 N" in the chat.</summary>
    private static async Task<string[]> LinkPeopleAsync(BenchContext ctx, int count)
    {
        var people = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (token, _) = await ctx.LogInAsync($"bench-follower-{i}");
            using var issued = await ctx.Http.SendAsync(BenchContext.Authorized(HttpMethod.Post, "/api/me/official-account/bind-code", token));
            var code = (await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
            people[i] = "obenchfollower" + i.ToString("D14", CultureInfo.InvariantCulture);
            using var linked = await ctx.Http.SendAsync(SignedText(people[i], "绑定公众号 " + code));
            linked.EnsureSuccessStatusCode();
        }
        return people;
    }

    private static BenchRow Row(string name, LoadClient.Result r) =>
        new(name, "5 s WeChat limit", FoundationScenarios.Describe(r), (r.P99Ms / 5000).ToString("0.000", CultureInfo.InvariantCulture),
            "p99 ≤ 100 ms, 0 errors", r.P99Ms <= 100 && r.Errors == 0);

    private static async Task<LoadClient.Result> PushAtRateAsync(BenchContext ctx, string[] people, int perSecond, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0L; ; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due >= duration) break;
            if (due - clock.Elapsed is { TotalMilliseconds: > 1 } wait) await Task.Delay(wait);
            var openId = people[i % people.Length];
            pending.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await ctx.Http.SendAsync(SignedText(openId, "我的消息"));
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
