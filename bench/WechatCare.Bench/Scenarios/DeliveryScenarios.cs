using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WechatCare.Wechat.Fake;

namespace WechatCare.Bench.Scenarios;

/// <summary>
/// Fan-out of one notice to 10,000 parents through the dispatcher to a fake WeChat (an api host and a separate bot worker
/// host, Live mode pointed at a fake in this process), against B: a raw HTTP send loop to the same fake at the same
/// concurrency. Then the same with a configured global rate r, and the worker's peak memory.
/// </summary>
public static class DeliveryScenarios
{
    private const int Parents = 10_000;
    private const string Template = "bench-notice";
    private const string SendPath = "cgi-bin/message/subscribe/send";

    /// <summary>
    /// WeChat's answer times to sweep (ms). 0 is a fake that answers at once: B and the dispatcher then race for the same
    /// two cores, so the ratio measures CPU per message. Real WeChat answers from another data centre, so B is bound by
    /// the round trip (concurrency ÷ latency) and the ratio measures whether the dispatcher keeps its sends in flight.
    /// <c>BENCH_WECHAT_LATENCIES_MS=0,10,25,50</c> overrides.
    /// </summary>
    private static readonly int[] Latencies = (Environment.GetEnvironmentVariable("BENCH_WECHAT_LATENCIES_MS") ?? "0,10,25,50")
        .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        await using var fake = new FakeWechatServer { Lenient = true };
        await fake.StartAsync();
        var database = $"{ctx.MySql.TrimEnd(';')};Database=wc_bench_delivery_{Guid.NewGuid():N};";
        var rows = new List<BenchRow>();

        string orgId;
        var rate = 0;
        // As in production: api replicas and a separate bot worker process that runs the dispatcher.
        await using (var host = await StartHostAsync(ctx, fake, database, rate: 0, "api"))
        await using (var worker = await StartHostAsync(ctx, fake, database, rate: 0, "bot"))
        {
            using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
            var organizer = await LogInAsync(http, "bench-admin");
            var org = await Send(http, HttpMethod.Post, "/api/organizations", organizer.Token, new { name = "压测学校", kind = "school", region = "贵州省" });
            orgId = org["id"]!.GetValue<string>();
            await SeedParentsAsync(http, organizer.Token, orgId, ctx.Concurrency);

            // One unmeasured notice first, as for every other load: the worker and the api have JIT-compiled their
            // send and publish paths, as a long-running worker has.
            await FanOutAsync(http, fake, organizer.Token, orgId, "预热通知");

            foreach (var latency in Latencies)
            {
                fake.Latency = TimeSpan.FromMilliseconds(latency);
                // B: raw sends to the same fake, same concurrency, same answer time.
                var b = await RawSendLoopAsync(fake, ctx.Concurrency);
                // The peak is the fan-out's: the worker's peak so far (start-up, seeding, warm-up) is reset first.
                Console.Error.WriteLine($"  WeChat answering in {latency} ms; worker before the fan-out: {Status(worker.ProcessId, "VmRSS:") / 1024.0:0} MiB resident");
                ResetPeak(worker.ProcessId);
                var cpuBefore = CpuNow(ctx, worker, host);
                var (viaDispatcher, sendingOnly, publishSeconds) = await FanOutAsync(http, fake, organizer.Token, orgId, "压测通知");
                var cpuPerMessage = CpuNow(ctx, worker, host).Select((t, i) => (t - cpuBefore[i]).TotalMilliseconds / Parents);
                var workerPeakKiB = Status(worker.ProcessId, "VmHWM:");
                if (latency == 0) rate = (int)Math.Max(10, Math.Round(Math.Min(1000, viaDispatcher / 2) / 10) * 10);

                var ratio = viaDispatcher / b;
                var at = $"WeChat answering in {latency} ms";
                rows.AddRange(
                [
                    new($"{at} — B: raw send loop to the fake WeChat", "—", $"{b:0}/s", "1.00", "—"),
                    new($"{at} — notice fan-out to {Parents:N0} parents via the dispatcher", $"B {b:0}/s", $"{viaDispatcher:0}/s",
                        ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.8", ratio >= 0.8),
                    new($"{at} — of which the dispatcher's sending (first to last send)", $"B {b:0}/s", $"{sendingOnly:0}/s",
                        (sendingOnly / b).ToString("0.00", CultureInfo.InvariantCulture), "—"),
                    new($"{at} — of which POST /api/notices (writing {Parents:N0} messages)", "—", $"{publishSeconds:0.00} s", "—", "—"),
                    new($"{at} — CPU per message (ms): worker / MariaDB / api / bench with the fake", "—",
                        string.Join(" / ", cpuPerMessage.Select(ms => ms.ToString("0.000", CultureInfo.InvariantCulture))), "—", "—"),
                    new($"{at} — bot worker process peak memory during fan-out", "—", $"{workerPeakKiB / 1024.0:0} MiB", "—", "≤ 200 MiB", workerPeakKiB <= 200 * 1024),
                ]);
            }
            fake.Latency = TimeSpan.Zero;
            rows.Add(new("api process peak memory (seeding + publish)", "—", $"{Status(host.ProcessId, "VmHWM:") / 1024.0:0} MiB", "—", "—"));
        }

        // The same parents again with a global rate r.
        if (rate == 0) rate = 500;
        double achieved;
        await using (var host = await StartHostAsync(ctx, fake, database, rate, "api"))
        await using (var worker = await StartHostAsync(ctx, fake, database, rate, "bot"))
        {
            using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
            var organizer = await LogInAsync(http, "bench-admin");
            var calledBefore = fake.CallsTo(SendPath).Count;
            (_, achieved, _) = await FanOutAsync(http, fake, organizer.Token, orgId, "限速通知");
            // Where a rated run loses time: its longest pause between two sends (a full window's wait is 0.1 s).
            var times = fake.CallsTo(SendPath).Skip(calledBefore).Select(c => c.At).Order().ToList();
            var (pause, after) = times.Zip(times.Skip(1), (a, b) => (Pause: b - a, After: a)).MaxBy(p => p.Pause);
            Console.Error.WriteLine($"  rated run: longest pause between sends {pause.TotalMilliseconds:0} ms, {(after - times[0]).TotalSeconds:0.00} s " +
                                    $"after the first send ({times.Count(t => t <= after)} sent by then), first to last {(times[^1] - times[0]).TotalSeconds:0.00} s");
        }
        var inBand = achieved >= 0.9 * rate && achieved <= rate;
        rows.Add(new($"fan-out with global rate r = {rate}/s", $"r {rate}/s", $"{achieved:0.0}/s",
            (achieved / rate).ToString("0.00", CultureInfo.InvariantCulture), "[0.9, 1.0]", inBand));
        return rows;
    }

    /// <summary>
    /// Publishes a notice to every parent and waits until the fake WeChat has taken all of its sends: messages per second
    /// from the POST to the last send, per second of sending alone (first to last send), and the POST's own seconds.
    /// </summary>
    private static async Task<(double ViaDispatcher, double SendingOnly, double PublishSeconds)> FanOutAsync(
        HttpClient http, FakeWechatServer fake, string organizerToken, string orgId, string title)
    {
        var (before, calledBefore) = (fake.SuccessesTo(SendPath), fake.CallsTo(SendPath).Count);
        var started = Stopwatch.StartNew();
        await Send(http, HttpMethod.Post, "/api/notices", organizerToken, new
        {
            organizationId = orgId, title, body = $"这是一条{title}。", audience = new { kind = "parents" },
        });
        var publishSeconds = started.Elapsed.TotalSeconds;
        await WaitForSendsAsync(fake, before + Parents);
        var viaDispatcher = Parents / started.Elapsed.TotalSeconds;
        return (viaDispatcher, SendsPerSecond(fake.CallsTo(SendPath).Skip(calledBefore).Select(c => c.At)), publishSeconds);
    }

    private static Task<HostProcess> StartHostAsync(BenchContext ctx, FakeWechatServer fake, string database, int rate, string roles)
    {
        var env = new Dictionary<string, string>
        {
            ["Host__Roles"] = roles,
            // Bot workers run as docs/delivery.md recommends: the workstation GC (one small heap instead of one per core) that
            // compacts to keep its heap small (GCConserveMemory),
            // no dynamic-PGO instrumentation (less JIT memory; the worker waits on I/O, not on its own code), two malloc
            // arenas instead of one per thread, and no migration check at start (the api host has migrated, as a
            // deployment's --migrate-only step does).
            ["DOTNET_gcServer"] = roles == "bot" ? "0" : "1",
            ["DOTNET_TieredPGO"] = roles == "bot" ? "0" : "1",
            ["DOTNET_GCConserveMemory"] = roles == "bot" ? "5" : "0",
            ["Database__MigrateOnStart"] = roles == "bot" ? "false" : "true",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Database__Provider"] = "MySql",
            ["ConnectionStrings__Care"] = database,
            ["ConnectionStrings__Redis"] = ctx.Redis,
            ["Wechat__Mode"] = "Live",
            ["Wechat__BaseUrl"] = fake.BaseUrl,
            ["Wechat__MiniProgram__AppId"] = FakeWechatServer.SandboxMiniProgramAppId,
            ["Wechat__MiniProgram__AppSecret"] = FakeWechatServer.SandboxMiniProgramSecret,
            ["Wechat__OfficialAccount__AppId"] = FakeWechatServer.SandboxOfficialAccountAppId,
            ["Wechat__OfficialAccount__AppSecret"] = FakeWechatServer.SandboxOfficialAccountSecret,
            ["Wechat__Templates__notice"] = Template,
            ["Care__AdminOpenIds__0"] = FakeWechatServer.SandboxOpenId("bench-admin"),
            ["Delivery__Concurrency"] = ctx.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Delivery__BatchSize"] = "200",
            ["Delivery__PollInterval"] = "00:00:00.200",
            ["Delivery__SendsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Security__DataKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RateLimits__WritesPerMinutePerUser"] = "100000000",
            ["RateLimits__LoginsPerMinutePerClient"] = "100000000",
        };
        if (roles == "bot") env["MALLOC_ARENA_MAX"] = "2";
        // BENCH_WORKER_ENV="NAME=value;NAME=value" adds settings to the bot worker only (GC and JIT knobs, batch size).
        if (roles == "bot")
            foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_WORKER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
                if (setting.Split('=', 2) is [var name, var value]) env[name] = value;
        return HostProcess.StartAsync(ctx.ApiDll, env);
    }

    /// <summary>
    /// 10,000 parents through the public API: each logs in, is linked to a child of the school with a guardian invite (the
    /// "parents" audience is the guardians of the organisation's current children) and accepts a long-term subscription.
    /// </summary>
    private static async Task SeedParentsAsync(HttpClient http, string organizerToken, string orgId, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Parents; i = Interlocked.Increment(ref next))
            {
                var parent = await LogInAsync(http, $"bench-parent-{i:D5}");
                var child = await Send(http, HttpMethod.Post, "/api/children", organizerToken, new
                {
                    organizationId = orgId, name = $"压测童{i:D5}", gender = "male", birthDate = "2016-01-01", grade = 4, className = $"四年级{i % 10 + 1}班",
                    guardian = new { name = "压测奶奶", relation = "祖母", phone = "13800009999", address = "测试省测试县测试村" },
                    leftBehind = "both",
                    consent = new { by = "压测奶奶", relation = "祖母", at = "2026-01-01T09:00:00+08:00", scopes = new[] { "basic-archive" } },
                });
                var invite = await Send(http, HttpMethod.Post, $"/api/children/{child["id"]}/guardian-invites", organizerToken, new { });
                await Send(http, HttpMethod.Post, "/api/me/children", parent.Token, new { code = invite["code"]!.GetValue<string>() });
                await Send(http, HttpMethod.Post, "/api/me/subscriptions", parent.Token, new { accepted = new[] { Template }, longTerm = true });
            }
        }));
    }

    private static async Task<double> RawSendLoopAsync(FakeWechatServer fake, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(fake.BaseUrl) };
        var token = (await (await http.PostAsJsonAsync("/cgi-bin/stable_token", new
        {
            grant_type = "client_credential", appid = FakeWechatServer.SandboxMiniProgramAppId, secret = FakeWechatServer.SandboxMiniProgramSecret,
        })).Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Parents; i = Interlocked.Increment(ref next))
            {
                using var response = await http.PostAsJsonAsync($"/{SendPath}?access_token={token}", new
                {
                    touser = FakeWechatServer.SandboxOpenId($"bench-raw-{i}"), template_id = Template, page = $"pages/notice/detail?m={i}",
                    data = new Dictionary<string, object> { ["thing1"] = new { value = "压测通知" }, ["thing2"] = new { value = "这是一条压测通知。" }, ["time3"] = new { value = "2026年9月1日 09:00" } },
                });
                response.EnsureSuccessStatusCode();
            }
        }));
        return Parents / started.Elapsed.TotalSeconds;
    }

    private static async Task WaitForSendsAsync(FakeWechatServer fake, int total)
    {
        // A counter, not a copy of the ever-growing call record: polling must not take CPU from the worker it measures.
        for (var deadline = DateTime.UtcNow.AddMinutes(10); fake.SuccessesTo(SendPath) < total; await Task.Delay(50))
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {fake.SuccessesTo(SendPath)} of {total} sends");
    }

    /// <summary>
    /// CPU used so far by the worker, MariaDB (found by the port in the connection string), the api host and this
    /// process (the fake WeChat and the HTTP client): where a fan-out's time goes on a machine they all share.
    /// </summary>
    private static TimeSpan[] CpuNow(BenchContext ctx, HostProcess worker, HostProcess api)
    {
        var port = ctx.MySql.Split(';').Select(p => p.Split('=')).First(p => p[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase))[1].Trim();
        var mariadb = Process.GetProcessesByName("mariadbd")
            .FirstOrDefault(p => File.ReadAllText($"/proc/{p.Id}/cmdline").Contains($"--port={port}\0", StringComparison.Ordinal));
        return [worker.CpuTime, mariadb?.TotalProcessorTime ?? TimeSpan.Zero, api.CpuTime, Process.GetCurrentProcess().TotalProcessorTime];
    }

    /// <summary>Sends per wall second from the first to the last, counting the 100 ms window the last belongs to.</summary>
    private static double SendsPerSecond(IEnumerable<DateTimeOffset> times)
    {
        var sends = times.Order().ToList();
        return sends.Count / ((sends[^1] - sends[0]).TotalSeconds + 0.1);
    }

    /// <summary>A KiB figure of /proc/PID/status: VmRSS (resident now) or VmHWM (peak resident).</summary>
    private static long Status(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>Linux resets a process's peak resident size (VmHWM) to its current size when "5" is written to clear_refs.</summary>
    private static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static async Task<(string Token, string UserId)> LogInAsync(HttpClient http, string name)
    {
        var body = await Send(http, HttpMethod.Post, "/api/auth/login", null, new { code = $"{name}#{Guid.NewGuid():N}" });
        return (body["token"]!.GetValue<string>(), body["user"]!["id"]!.GetValue<string>());
    }

    private static async Task<JsonObject> Send(HttpClient http, HttpMethod method, string url, string? token, object body)
    {
        using var request = token is null ? new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) } : BenchContext.Authorized(method, url, token, body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text) as JsonObject ?? [];
    }
}
