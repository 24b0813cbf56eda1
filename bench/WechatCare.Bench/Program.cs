using System.Security.Cryptography;
using WechatCare.Bench;
using WechatCare.Bench.Scenarios;

// The benchmark runner (bench/run starts MariaDB + Redis and calls this): starts the Release host against them,
// runs each scenario next to its baseline from the same run, and prints one table.
// Usage: dotnet run -c Release --project bench/WechatCare.Bench -- <WechatCare.Api.dll> [seconds] [concurrency] [scenario…]
var apiDll = args.ElementAtOrDefault(0) ?? throw new ArgumentException("first argument: path to the Release WechatCare.Api.dll");
var seconds = int.Parse(args.ElementAtOrDefault(1) ?? "10");
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "32");
var only = args.Skip(3).ToHashSet(StringComparer.OrdinalIgnoreCase);
var mysql = Environment.GetEnvironmentVariable("WECHATCARE_TEST_MYSQL") ?? throw new ArgumentException("WECHATCARE_TEST_MYSQL is not set");
var redis = Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS") ?? throw new ArgumentException("WECHATCARE_TEST_REDIS is not set");

// Each scenario: a name (to pick it on the command line) and what it runs. Foundation runs first: it measures H.
var scenarios = new List<(string Name, Func<BenchContext, Task<IEnumerable<BenchRow>>> Run)>
{
    ("foundation", FoundationScenarios.RunAsync),
    ("delivery", DeliveryScenarios.RunAsync),
    ("activities", ActivityScenarios.RunAsync),
    ("children", ChildrenScenarios.RunAsync),
    ("chatbot", ChatbotScenarios.RunAsync),   // last: it stops Redis for its second half
};

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
    ["Care__AdminOpenIds__0"] = ActivityScenarios.AdminOpenId,
    ["Bot__MessagesPerMinute"] = "100000000",
};

await using var host = await HostProcess.StartAsync(apiDll, environment);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 4 }) { BaseAddress = new Uri(host.BaseUrl) };
var ctx = new BenchContext(http, mysql, concurrency, TimeSpan.FromSeconds(seconds)) { ApiDll = apiDll, Redis = redis, Host = host };

var rows = new List<BenchRow>();
foreach (var (name, run) in scenarios.Where(s => only.Count == 0 || s.Name == "foundation" || only.Contains(s.Name)))
{
    Console.Error.WriteLine($"running {name}…");
    rows.AddRange(await run(ctx));
}

Console.WriteLine();
Console.WriteLine($"WechatCare benchmarks — Release host, MariaDB + Redis on loopback, {concurrency} concurrent clients, {seconds} s per load, {Environment.ProcessorCount} cores");
Console.WriteLine($"| scenario | baseline | value | ratio | goal | met |");
Console.WriteLine($"|---|---|---|---|---|---|");
foreach (var r in rows)
    Console.WriteLine($"| {r.Scenario} | {r.Baseline} | {r.Value} | {r.Ratio} | {r.Goal} | {(r.Met switch { true => "yes", false => "NO", null => "—" })} |");
