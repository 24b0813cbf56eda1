using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WechatCare.Bench;

// The benchmark runner: starts the Release host against MariaDB + Redis on loopback (bench/run starts them),
// measures each scenario next to its baseline from the same run, and prints baseline, value, ratio and goal.
// Usage: dotnet run -c Release --project bench/WechatCare.Bench -- <path to WechatCare.Api.dll> [seconds] [concurrency]
var apiDll = args.ElementAtOrDefault(0) ?? throw new ArgumentException("first argument: path to the Release WechatCare.Api.dll");
var seconds = int.Parse(args.ElementAtOrDefault(1) ?? "10");
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "32");
var mysql = Environment.GetEnvironmentVariable("WECHATCARE_TEST_MYSQL") ?? throw new ArgumentException("WECHATCARE_TEST_MYSQL is not set");
var redis = Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS") ?? throw new ArgumentException("WECHATCARE_TEST_REDIS is not set");

var environment = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Logging__LogLevel__Default"] = "Warning",
    ["Database__Provider"] = "MySql",
    ["ConnectionStrings__Care"] = $"{mysql.TrimEnd(';')};Database=wc_bench_{Guid.NewGuid():N};",
    ["ConnectionStrings__Redis"] = redis,
    ["Wechat__Mode"] = "Sandbox",
    ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Security__DataKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["RateLimits__WritesPerMinutePerUser"] = "100000000",
    ["RateLimits__LoginsPerMinutePerClient"] = "100000000",
};

await using var host = await HostProcess.StartAsync(apiDll, environment);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(host.BaseUrl) };
var duration = TimeSpan.FromSeconds(seconds);

var login = await (await http.PostAsJsonAsync("/api/auth/login", new { code = "bench-user#1" })).Content.ReadFromJsonAsync<JsonObject>();
var token = login!["token"]!.GetValue<string>();

var hello = await LoadClient.RunAsync("H: GET /health/live", http, () => new HttpRequestMessage(HttpMethod.Get, "/health/live"), concurrency, duration);
var me = await LoadClient.RunAsync("GET /api/me (authenticated read)", http, () =>
{
    var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return request;
}, concurrency, duration);

Console.WriteLine();
Console.WriteLine($"WechatCare benchmarks — MariaDB + Redis on loopback, {concurrency} concurrent clients, {seconds} s each, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"scenario",-36} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"ratio to H",11} {"goal",8}");
foreach (var (result, goal) in new[] { (hello, "—"), (me, "≥ 0.25") })
    Console.WriteLine($"{result.Name,-36} {result.RequestsPerSecond,10:0} {result.P50Ms,8:0.0} {result.P99Ms,8:0.0} {result.Errors,7} {result.RequestsPerSecond / hello.RequestsPerSecond,11:0.00} {goal,8}");
