using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WechatCare.Wechat.Fake;

/// <summary>
/// A fake WeChat API on a real loopback HTTP server: tests point the client at <see cref="BaseUrl"/>, script failures,
/// and read <see cref="Calls"/>. Sandbox mode runs one in-process with <see cref="Lenient"/> on.
/// The endpoints live in FakeWechatServer.Endpoints.cs; this file has the server, the scripting and the recording.
/// </summary>
public sealed partial class FakeWechatServer : IAsyncDisposable
{
    public const string SandboxMiniProgramAppId = "wxsandbox0miniprog";
    public const string SandboxMiniProgramSecret = "sandbox-miniprogram-secret";
    public const string SandboxOfficialAccountAppId = "wxsandbox0official";
    public const string SandboxOfficialAccountSecret = "sandbox-official-account-secret";

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<FakeWechatCall> _calls = [];
    private readonly List<FakeWechatDelivery> _deliveries = [];
    private readonly Dictionary<string, Queue<int>> _scriptedErrors = [];
    private readonly Dictionary<string, int> _scriptedDrops = [];
    private readonly Dictionary<string, TimeSpan> _latencyByPath = [];
    private readonly Dictionary<string, int> _successesByPath = [];
    private (double Ratio, int ErrorCode, Random Random, string? Path)? _randomFailures;
    private WebApplication? _host;

    public FakeWechatServer(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        RegisterApp(SandboxMiniProgramAppId, SandboxMiniProgramSecret);
        RegisterApp(SandboxOfficialAccountAppId, SandboxOfficialAccountSecret);
    }

    /// <summary>Creates and starts a fake on 127.0.0.1 with a free port.</summary>
    public static async Task<FakeWechatServer> StartNewAsync(TimeProvider? clock = null, CancellationToken ct = default)
    {
        var server = new FakeWechatServer(clock);
        await server.StartAsync(ct);
        return server;
    }

    /// <summary>
    /// Sandbox behaviour: everyone follows the OA, has subscribe grants and an open customer window unless a test or
    /// a person scripted otherwise. Tests keep it off so the refusals are real.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>How long issued access tokens live (WeChat: 7200 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>Delay before every answer (per-path delays add to it).</summary>
    public TimeSpan Latency { get; set; }

    public string BaseUrl { get; private set; } = "";

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_host is not null) return;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var host = builder.Build();
        host.Run(HandleAsync);
        await host.StartAsync(ct);
        BaseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _host = host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        await _host.DisposeAsync();
        _host = null;
    }

    // ---- recording ----

    public IReadOnlyList<FakeWechatCall> Calls { get { lock (_gate) return _calls.ToList(); } }

    public IReadOnlyList<FakeWechatDelivery> Deliveries { get { lock (_gate) return _deliveries.ToList(); } }

    public IReadOnlyList<FakeWechatCall> CallsTo(string path) => Calls.Where(c => c.Path == Normalize(path)).ToList();

    /// <summary>Calls to <paramref name="path"/> answered with errcode 0, counted as they come (a poll copies nothing).</summary>
    public int SuccessesTo(string path)
    {
        lock (_gate) return _successesByPath.GetValueOrDefault(Normalize(path));
    }

    /// <summary>Successful token fetches (stable_token and token) — what single-flight tests count.</summary>
    public int TokenFetches => Calls.Count(c => c.Path is "cgi-bin/stable_token" or "cgi-bin/token" && c.ErrorCode == 0);

    // ---- scripting ----

    /// <summary>The next <paramref name="times"/> calls to <paramref name="path"/> answer <paramref name="errorCode"/>.</summary>
    public void FailNext(string path, int errorCode, int times = 1)
    {
        lock (_gate)
        {
            var queue = _scriptedErrors.TryGetValue(Normalize(path), out var q) ? q : _scriptedErrors[Normalize(path)] = new Queue<int>();
            for (var i = 0; i < times; i++) queue.Enqueue(errorCode);
        }
    }

    /// <summary>The next <paramref name="times"/> calls to <paramref name="path"/> get their connection aborted.</summary>
    public void DropNext(string path, int times = 1)
    {
        lock (_gate) _scriptedDrops[Normalize(path)] = _scriptedDrops.GetValueOrDefault(Normalize(path)) + times;
    }

    /// <summary>A share of calls (to one path, or all) answers <paramref name="errorCode"/>; the seed makes runs repeatable.</summary>
    public void FailRandomly(double ratio, int errorCode = -1, int seed = 1, string? path = null)
    {
        lock (_gate) _randomFailures = (ratio, errorCode, new Random(seed), path is null ? null : Normalize(path));
    }

    public void SetLatency(string path, TimeSpan latency)
    {
        lock (_gate) _latencyByPath[Normalize(path)] = latency;
    }

    /// <summary>Clears scripted errors, drops, random failures and latency (not the recorded calls or user state).</summary>
    public void ResetScripts()
    {
        lock (_gate)
        {
            _scriptedErrors.Clear();
            _scriptedDrops.Clear();
            _latencyByPath.Clear();
            _randomFailures = null;
            Latency = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The openid a Sandbox login code maps to: "demo-parent#2" and "demo-parent" are the same user.
    /// 28 characters starting with "o", like real openids.
    /// </summary>
    public static string SandboxOpenId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return "o" + Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_').TrimEnd('=')[..27];
    }

    private static string Normalize(string path) => path.Trim('/');

    private async Task HandleAsync(HttpContext http)
    {
        var path = Normalize(http.Request.Path.Value ?? "");
        var query = http.Request.QueryString.Value ?? "";
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);

        TimeSpan delay;
        lock (_gate) delay = Latency + _latencyByPath.GetValueOrDefault(path);
        if (delay > TimeSpan.Zero) await Task.Delay(delay, http.RequestAborted);

        FakeAnswer answer;
        lock (_gate)
        {
            if (_scriptedDrops.GetValueOrDefault(path) > 0)
            {
                _scriptedDrops[path]--;
                Record(path, query, body, appId: null, -1, "(connection dropped)");
                http.Abort();
                return;
            }
            answer = ScriptedFailure(path) ?? Answer(path, http.Request.Method, http.Request.Query, body);
            Record(path, query, body, answer.AppId, answer.ErrorCode, answer.Describe());
        }

        http.Response.StatusCode = answer.StatusCode;
        http.Response.ContentType = answer.ContentType;
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
    }

    private FakeAnswer? ScriptedFailure(string path)
    {
        if (_scriptedErrors.TryGetValue(path, out var queue) && queue.TryDequeue(out var code))
            return Error(code, "scripted failure");
        if (_randomFailures is { } random && (random.Path is null || random.Path == path) && random.Random.NextDouble() < random.Ratio)
            return Error(random.ErrorCode, "scripted random failure");
        return null;
    }

    private void Record(string path, string query, string body, string? appId, int errorCode, string answer)
    {
        _calls.Add(new FakeWechatCall(path, query, body, _clock.GetUtcNow(), appId, errorCode, answer));
        if (errorCode == 0) _successesByPath[path] = _successesByPath.GetValueOrDefault(path) + 1;
    }

    private static string NewRid() => $"rid: {RandomNumberGenerator.GetHexString(8, lowercase: true)}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    private static FakeAnswer Error(int code, string message, string? appId = null) =>
        FakeAnswer.Json(new JsonObject { ["errcode"] = code, ["errmsg"] = $"{message} {NewRid()}" }, code, appId);

    private static FakeAnswer Ok(JsonObject? fields = null, string? appId = null)
    {
        var json = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
        foreach (var (name, value) in fields ?? []) json[name] = value?.DeepClone();
        return FakeAnswer.Json(json, 0, appId);
    }

    private sealed record FakeAnswer(int StatusCode, string ContentType, byte[] Body, int ErrorCode, string? AppId)
    {
        public static FakeAnswer Json(JsonObject json, int errorCode, string? appId) =>
            new(200, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json.ToJsonString(WechatJson.Options)), errorCode, appId);

        public string Describe() => ContentType.StartsWith("application/json", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Body)
            : $"({Body.Length} bytes {ContentType})";
    }
}
