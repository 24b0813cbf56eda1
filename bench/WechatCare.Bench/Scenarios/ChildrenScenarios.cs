using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace WechatCare.Bench.Scenarios;

/// <summary>
/// An authorised child read (GET /api/children/{id} by a teacher with the health grant: scope query, decryption of
/// five fields, one audit row) against H, and against the same scoped read with encryption and audit switched off, as
/// the issue defines the baseline (a second host in the Benchmark environment with Children:UnprotectedReadsForBenchmark).
/// </summary>
public static class ChildrenScenarios
{
    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        await using var protectedHost = await StartAsync(ctx, unprotected: false);
        await using var unprotectedHost = await StartAsync(ctx, unprotected: true);
        // H again, on the protected read's host, in alternation with the two reads, so all three see the same machine.
        var hello = new LoadClient.Target("H", protectedHost.Http, () => new HttpRequestMessage(HttpMethod.Get, "/health/live"), protectedHost.Host);
        var results = await LoadClient.InterleavedAsync([hello, protectedHost.Read, unprotectedHost.Read], ctx.Concurrency, ctx.Duration, TimeSpan.FromSeconds(2));
        var (h, protectedRead, unprotectedRead) = (results[0], results[1], results[2]);
        var ofH = protectedRead.RequestsPerSecond / h.RequestsPerSecond;
        var ofPlain = protectedRead.RequestsPerSecond / unprotectedRead.RequestsPerSecond;
        return
        [
            new("H, measured in alternation with the two child reads", "—", FoundationScenarios.Describe(h), "1.00", "—"),
            new("authorised child read: GET /api/children/{id} (scope + decrypt + audit)", $"H {h.RequestsPerSecond:0}/s",
                FoundationScenarios.Describe(protectedRead), F(ofH), "≥ 0.10", ofH >= 0.10),
            new("same read (scope kept), encryption/audit off", $"H {h.RequestsPerSecond:0}/s",
                FoundationScenarios.Describe(unprotectedRead), F(unprotectedRead.RequestsPerSecond / h.RequestsPerSecond), "—"),
            new("encryption + audit kept (protected ÷ unprotected)", $"{unprotectedRead.RequestsPerSecond:0}/s",
                $"{protectedRead.RequestsPerSecond:0}/s", F(ofPlain), "≥ 0.70", ofPlain >= 0.70),
        ];
    }

    /// <summary>A host with one child in its archive, and the teacher's read of it as a load.</summary>
    private sealed class ChildHost(HostProcess host, HttpClient http, LoadClient.Target read) : IAsyncDisposable
    {
        public HostProcess Host => host;
        public HttpClient Http => http;
        public LoadClient.Target Read => read;

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await host.DisposeAsync();
        }
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<ChildHost> StartAsync(BenchContext ctx, bool unprotected)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Database__Provider"] = "MySql",
            ["ConnectionStrings__Care"] = $"{ctx.MySql.TrimEnd(';')};Database=wc_bench_children_{Guid.NewGuid():N};",
            ["ConnectionStrings__Redis"] = ctx.Redis,
            ["Wechat__Mode"] = "Sandbox",
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Security__DataKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RateLimits__WritesPerMinutePerUser"] = "100000000",
            ["RateLimits__LoginsPerMinutePerClient"] = "100000000",
            ["Care__AdminOpenIds__0"] = SandboxOpenId("bench-children-admin"),
        };
        if (unprotected)
        {
            environment["ASPNETCORE_ENVIRONMENT"] = "Benchmark";
            environment["Children__UnprotectedReadsForBenchmark"] = "true";
        }
        var host = await HostProcess.StartAsync(ctx.ApiDll, environment);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ctx.Concurrency * 4 }) { BaseAddress = new Uri(host.BaseUrl) };
        var mine = new BenchContext(http, ctx.MySql, ctx.Concurrency, ctx.Duration);

        var (admin, _) = await mine.LogInAsync("bench-children-admin");
        var org = await SendAsync(http, HttpMethod.Post, "/api/organizations", admin, new { name = "基准测试小学", kind = "school", region = "测试" });
        var (teacher, teacherId) = await mine.LogInAsync("bench-children-teacher");
        await SendAsync(http, HttpMethod.Put, $"/api/organizations/{org["id"]}/members/{teacherId}", admin, new { role = "teacher" });
        await SendAsync(http, HttpMethod.Put, $"/api/organizations/{org["id"]}/health-note-readers/{teacherId}", admin, null);
        var child = await SendAsync(http, HttpMethod.Post, "/api/children", teacher, new
        {
            organizationId = org["id"]!.GetValue<string>(), name = "基准童", gender = "male", birthDate = "2016-01-01", grade = 4, className = "四年级一班",
            guardian = new { name = "基准奶奶", relation = "祖母", phone = "13800009999", address = "测试省测试县测试村" },
            parents = new[] { new { name = "基准爸爸", phone = "13800008888", workCity = "测试市" } },
            leftBehind = "both", hobbies = "跑步", healthNotes = "基准：无",
            consent = new { by = "基准奶奶", relation = "祖母", at = "2026-01-01T09:00:00+08:00", scopes = new[] { "basic-archive", "health-notes", "parents-contact" } },
        });
        var url = $"/api/children/{child["id"]}";
        var name = unprotected ? "child read, encryption/audit off" : "child read";
        return new ChildHost(host, http, new LoadClient.Target(name, http, () => BenchContext.Authorized(HttpMethod.Get, url, teacher), host));
    }

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string url, string token, object? body)
    {
        using var response = await http.SendAsync(BenchContext.Authorized(method, url, token, body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    /// <summary>The Sandbox login's openid for a name (as FakeWechatServer.SandboxOpenId), to make the bench admin a platform admin.</summary>
    private static string SandboxOpenId(string name) =>
        "o" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(name))).Replace('+', '-').Replace('/', '_').TrimEnd('=')[..27];
}
