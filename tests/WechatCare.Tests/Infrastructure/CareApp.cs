using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Infrastructure;

/// <summary>
/// The whole system over HTTP: the real host on a real database (a fresh SQLite file, or a fresh MariaDB database),
/// a fake clock, and the fake WeChat on a real loopback port. One per test class (xunit class fixture) or per test.
/// </summary>
public sealed class CareApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    // Fixed test keys: base64 of 32 bytes each.
    public const string TestSigningKey = "dGVzdC1zaWduaW5nLWtleS0wMTIzNDU2Nzg5MDEyMzQ=";
    public const string TestDataKey = "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5MDEyMzQ1Njc=";
    public const string AdminName = "platform-admin";

    // SQLite files live on tmpfs where there is one: the same engine and file format, without a disk fsync per commit.
    private readonly string _workDir = (Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "wechatcare-test-" + Guid.NewGuid().ToString("N")))
        : Directory.CreateTempSubdirectory("wechatcare-test-")).FullName;
    private string? _mariaDbName;
    private readonly Dictionary<string, string?> _settings = new();

    public Engine Engine { get; init; } = Engine.Sqlite;
    public bool WithRedis { get; init; }
    private static int _redisDatabases;
    /// <summary>Extra configuration for this host, e.g. a tighter rate limit.</summary>
    public IDictionary<string, string?> Settings { init { foreach (var (k, v) in value) _settings[k] = v; } }
    /// <summary>Starts at a fixed instant: 2026-09-01 09:00 in Shanghai.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 1, 1, 0, 0, TimeSpan.Zero));
    public FakeWechatServer Wechat { get; private set; } = null!;
    public string LogText => Logs.Text;
    internal CapturedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Wechat = await FakeWechatServer.StartNewAsync(Clock);
        if (Engine == Engine.MariaDb)
        {
            var server = TestServers.RequireMariaDb();
            _mariaDbName = "wc_" + Guid.NewGuid().ToString("N")[..16];
            _settings["Database:Provider"] = "MySql";
            _settings["ConnectionStrings:Care"] = $"{server.TrimEnd(';')};Database={_mariaDbName};";
        }
        else
        {
            _settings["ConnectionStrings:Care"] = $"Data Source={Path.Combine(_workDir, "care.db")};Pooling=false";
        }
        // Each app its own Redis database (round robin over Redis's 16): every fake WeChat uses the same sandbox app ids,
        // so two apps sharing one database would hand each other access tokens their fake never issued.
        if (WithRedis) _settings["ConnectionStrings:Redis"] = $"{TestServers.RequireRedis()},defaultDatabase={Interlocked.Increment(ref _redisDatabases) % 16}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = TestSigningKey,
            ["Security:DataKey"] = TestDataKey,
            ["Wechat:Mode"] = "Live",
            ["Wechat:BaseUrl"] = Wechat.BaseUrl,
            ["Wechat:MiniProgram:AppId"] = FakeWechatServer.SandboxMiniProgramAppId,
            ["Wechat:MiniProgram:AppSecret"] = FakeWechatServer.SandboxMiniProgramSecret,
            ["Wechat:OfficialAccount:AppId"] = FakeWechatServer.SandboxOfficialAccountAppId,
            ["Wechat:OfficialAccount:AppSecret"] = FakeWechatServer.SandboxOfficialAccountSecret,
            ["Care:AdminOpenIds:0"] = FakeWechatServer.SandboxOpenId(AdminName),
            ["RateLimits:WritesPerMinutePerUser"] = "100000",
            ["RateLimits:LoginsPerMinutePerClient"] = "100000",
            // Tests run bot jobs by calling them: a background worker ticking on the fake clock would replay every
            // period a test skips over (a day of 1-second ticks) and race the test's own calls.
            ["Bot:InProcess"] = "false",
        };
        foreach (var (k, v) in _settings) settings[k] = v;
        foreach (var (k, v) in settings) builder.UseSetting(k, v);

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Logs in through the mini-program flow as the person called <paramref name="name"/> and returns their client.</summary>
    public async Task<UserClient> LogInAsync(string name)
    {
        var http = CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { code = $"{name}#{Guid.NewGuid():N}" });
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<LoginAnswer>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login!.Token);
        return new UserClient(http, login.User.Id, name);
    }

    public Task<UserClient> LogInAsAdminAsync() => LogInAsync(AdminName);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Wechat.DisposeAsync();
        if (_mariaDbName is not null)
        {
            await using var connection = new MySqlConnection(TestServers.MariaDb);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS `{_mariaDbName}`";
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private sealed record LoginAnswer(string Token, DateTimeOffset ExpiresAt, LoginUser User);
    private sealed record LoginUser(Guid Id);
}

/// <summary>An HTTP client logged in as one person.</summary>
public sealed record UserClient(HttpClient Http, Guid UserId, string Name);
