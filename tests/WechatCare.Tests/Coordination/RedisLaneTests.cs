using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WechatCare.Api.Infrastructure.Redis;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Coordination;

/// <summary>The coordination services against a real Redis, and the system without it.</summary>
public sealed class RedisLaneTests
{
    private static async Task<(RedisCoordination Coordination, IConnectionMultiplexer Redis)> ConnectAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.RequireRedis() + ",abortConnect=false");
        return (new RedisCoordination(redis, TimeProvider.System, NullLogger<RedisCoordination>.Instance), redis);
    }

    [Fact]
    public async Task The_cache_lets_the_first_writer_win_across_processes()
    {
        var (first, redisA) = await ConnectAsync();
        var (second, redisB) = await ConnectAsync();
        var key = "wechatcare:test:" + Guid.NewGuid();

        Assert.True(await first.TryAddAsync(key, "a", TimeSpan.FromSeconds(30)));
        Assert.False(await second.TryAddAsync(key, "b", TimeSpan.FromSeconds(30)));
        Assert.Equal("a", await second.GetAsync(key));
        await first.RemoveAsync(key);
        Assert.Null(await second.GetAsync(key));
        redisA.Dispose(); redisB.Dispose();
    }

    [Fact]
    public async Task A_lock_is_held_by_one_process_until_released()
    {
        var (first, redisA) = await ConnectAsync();
        var (second, redisB) = await ConnectAsync();
        var name = "test-job-" + Guid.NewGuid();

        var held = await first.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync(name, TimeSpan.FromSeconds(30)));
        await held!.DisposeAsync();
        var next = await second.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(next);
        await next!.DisposeAsync();
        redisA.Dispose(); redisB.Dispose();
    }

    [Fact]
    public async Task The_rate_gate_counts_across_processes()
    {
        var (first, redisA) = await ConnectAsync();
        var (second, redisB) = await ConnectAsync();
        var key = "test-rate-" + Guid.NewGuid();

        Assert.True((await first.TryPassAsync(key, 3, TimeSpan.FromMinutes(1))).Allowed);
        Assert.True((await second.TryPassAsync(key, 3, TimeSpan.FromMinutes(1))).Allowed);
        Assert.True((await first.TryPassAsync(key, 3, TimeSpan.FromMinutes(1))).Allowed);
        var refused = await second.TryPassAsync(key, 3, TimeSpan.FromMinutes(1));
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        redisA.Dispose(); redisB.Dispose();
    }

    [Fact]
    public async Task A_rate_window_left_without_expiry_still_runs_out()
    {
        var (gate, redis) = await ConnectAsync();
        var key = "test-rate-" + Guid.NewGuid();
        // What an interrupted count used to leave behind: a full counter that never expires.
        await redis.GetDatabase().StringSetAsync(RedisKeys.Rate(key), 100);

        var refused = await gate.TryPassAsync(key, 3, TimeSpan.FromMilliseconds(300));
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300));
        await Task.Delay(refused.RetryAfter + TimeSpan.FromMilliseconds(100));
        Assert.True((await gate.TryPassAsync(key, 3, TimeSpan.FromMilliseconds(300))).Allowed);
        redis.Dispose();
    }

    [Fact]
    public async Task The_app_keeps_serving_when_its_redis_stops()
    {
        TestServers.RequireRedis();
        var port = FreePort();
        using var redisServer = StartRedisServer(port);
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = $"127.0.0.1:{port}" } };
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "有 Redis", kind = "school", region = "x" })).ExpectAsync(201);

        redisServer.Kill(entireProcessTree: true);
        await redisServer.WaitForExitAsync();

        // Logins (used-code dedupe, rate limits) and writes still work, on in-process coordination.
        var volunteer = await app.LogInAsync("after-redis");
        await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "没有 Redis", kind = "school", region = "x" })).ExpectAsync(201);
        await (await volunteer.Http.GetAsync("/api/me")).ExpectAsync(200);
        var ready = await (await app.CreateClient().GetAsync("/health/ready")).JsonAsync();
        Assert.Equal("Degraded", ready["checks"]!["redis"]!.Str("status"));
    }

    private static Process StartRedisServer(int port)
    {
        var process = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new InvalidOperationException("redis-server did not listen in time");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
