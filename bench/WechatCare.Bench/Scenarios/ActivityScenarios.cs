using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace WechatCare.Bench.Scenarios;

/// <summary>
/// Sign-up throughput as a ratio of H, and the burst the issue asks for: 1,000 volunteers at once for 30 seats,
/// with wall time, p99 and the invariants (exactly 30 confirmed, the rest waitlisted 1..970, no duplicates) checked after.
/// </summary>
public static class ActivityScenarios
{
    private const int Volunteers = 1000, Seats = 30, ThroughputActivities = 40;

    /// <summary>The Sandbox openid of the bench's platform admin (the Sandbox maps a login name to an openid this way).</summary>
    public static string AdminOpenId { get; } =
        "o" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("bench-admin"))).Replace('+', '-').Replace('/', '_').TrimEnd('=')[..27];

    public static async Task<IEnumerable<BenchRow>> RunAsync(BenchContext ctx)
    {
        var (admin, orgId, tokens, nextSignUp) = await PrepareSignUpsAsync(ctx, "bench-volunteer");
        var signUps = await LoadClient.RunAsync("sign-up", ctx.Http, nextSignUp, ctx.Concurrency, ctx.Duration);
        var ratio = signUps.RequestsPerSecond / ctx.HelloPerSecond;

        // The burst: every volunteer at once, one connection each.
        var burstId = await PublishAsync(ctx.Http, admin, orgId, "防灾减灾日", TimeSpan.FromDays(1));
        using var burstHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Volunteers }) { BaseAddress = ctx.Http.BaseAddress };
        var latencies = new double[Volunteers];
        var statuses = new int[Volunteers];
        using var gate = new SemaphoreSlim(0);
        var wall = Stopwatch.StartNew();
        var burst = Enumerable.Range(0, Volunteers).Select(async i =>
        {
            await gate.WaitAsync();
            var started = Stopwatch.GetTimestamp();
            using var response = await burstHttp.SendAsync(BenchContext.Authorized(HttpMethod.Post, $"/api/activities/{burstId}/signups", tokens[i], new { }));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            statuses[i] = (int)response.StatusCode;
        }).ToList();
        wall.Restart();
        gate.Release(Volunteers);
        await Task.WhenAll(burst);
        var wallSeconds = wall.Elapsed.TotalSeconds;
        var p99 = LoadClient.Percentile(latencies.Order().ToArray(), 0.99);

        var list = await SendAsync(ctx.Http, HttpMethod.Get, $"/api/activities/{burstId}/signups", admin);
        var items = list["items"]!.AsArray();
        var confirmed = items.Count(i => i!["status"]!.GetValue<string>() == "confirmed");
        var positions = items.Where(i => i!["status"]!.GetValue<string>() == "waitlisted").Select(i => i!["position"]!.GetValue<int>()).Order().ToList();
        var duplicates = items.Count - items.Select(i => i!["userId"]!.GetValue<string>()).Distinct().Count();
        var errors = statuses.Count(s => s != 201);
        var invariantsHold = confirmed == Seats && positions.SequenceEqual(Enumerable.Range(1, Volunteers - Seats)) && duplicates == 0 && errors == 0;

        return
        [
            new("sign-up: POST /api/activities/{id}/signups", $"H {ctx.HelloPerSecond:0}/s", FoundationScenarios.Describe(signUps),
                ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.05", ratio >= 0.05),
            new($"burst: {Volunteers:N0} concurrent sign-ups for {Seats} seats", "—",
                $"wall {wallSeconds:0.00} s, p99 {p99:0} ms", "—", "≤ 5 s, p99 ≤ 1 s", wallSeconds <= 5 && p99 <= 1000),
            new("burst invariants (checked after)", "—",
                $"{confirmed} confirmed, {positions.Count} waitlisted ({(positions.Count > 0 ? $"{positions[0]}..{positions[^1]}" : "none")}), {duplicates} duplicates, {errors} errors",
                "—", $"{Seats} / 1..{Volunteers - Seats} / 0 / 0", invariantsHold),
        ];
    }

    /// <summary>
    /// An association with 1,000 volunteers (profiles filled) and 40 non-overlapping published activities of 30 seats;
    /// <c>NextSignUp</c> makes a new distinct (activity, volunteer) sign-up request each call.
    /// </summary>
    public static async Task<(string Admin, string OrgId, string[] Tokens, Func<HttpRequestMessage> NextSignUp)> PrepareSignUpsAsync(
        BenchContext ctx, string volunteerPrefix)
    {
        var (admin, _) = await ctx.LogInAsync("bench-admin");
        var org = await SendAsync(ctx.Http, HttpMethod.Post, "/api/organizations", admin, new { name = $"压测志愿者协会 {volunteerPrefix}", kind = "association", region = "贵州省毕节市" });
        var orgId = org["id"]!.GetValue<string>();

        var tokens = new string[Volunteers];
        await Parallel.ForAsync(0, Volunteers, new ParallelOptions { MaxDegreeOfParallelism = ctx.Concurrency }, async (i, _) =>
        {
            var (token, _) = await ctx.LogInAsync($"{volunteerPrefix}-{i}");
            await SendAsync(ctx.Http, HttpMethod.Put, "/api/me/volunteer", token, new
            {
                realName = $"压测{i}", phone = $"139{i:00000000}", kind = "social", skills = Array.Empty<string>(), birthDate = "1990-01-01",
            });
            tokens[i] = token;
        });

        var activityIds = new List<string>();
        for (var a = 0; a < ThroughputActivities; a++) activityIds.Add(await PublishAsync(ctx.Http, admin, orgId, $"陪伴课堂 {a}", TimeSpan.FromDays(2 + a)));
        var next = -1;
        return (admin, orgId, tokens, () =>
        {
            var k = Interlocked.Increment(ref next);
            return BenchContext.Authorized(HttpMethod.Post, $"/api/activities/{activityIds[k / Volunteers % ThroughputActivities]}/signups", tokens[k % Volunteers], new { });
        });
    }

    private static async Task<string> PublishAsync(HttpClient http, string token, string orgId, string title, TimeSpan startsIn)
    {
        var startsAt = DateTimeOffset.UtcNow + startsIn;
        var created = await SendAsync(http, HttpMethod.Post, "/api/activities", token, new
        {
            organizationId = orgId, title, description = "压测", location = "压测地点", startsAt, endsAt = startsAt.AddHours(3), capacity = Seats,
        });
        var id = created["id"]!.GetValue<string>();
        await SendAsync(http, HttpMethod.Post, $"/api/activities/{id}/publish", token);
        return id;
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string url, string token, object? body = null)
    {
        using var response = await http.SendAsync(BenchContext.Authorized(method, url, token, body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
