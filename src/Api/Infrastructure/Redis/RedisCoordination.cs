using StackExchange.Redis;
using WechatCare.Domain.Coordination;

namespace WechatCare.Api.Infrastructure.Redis;

/// <summary>
/// The Redis side of the coordination services. Redis only coordinates: when it is unreachable each call falls back
/// to the in-process implementation so the system keeps serving on its database (DESIGN.md §5), and logs once per outage.
/// </summary>
public sealed class RedisCoordination(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisCoordination> log)
    : ICache, IDistributedLock, IRateGate
{
    private readonly InProcessCache _localCache = new(clock);
    private readonly InProcessLock _localLock = new(clock);
    private readonly InProcessRateGate _localGate = new(clock);
    private int _degraded;

    private IDatabase Db => redis.GetDatabase();

    public ValueTask<string?> GetAsync(string key, CancellationToken ct = default) =>
        WithFallback(async () => (string?)await Db.StringGetAsync(key), () => _localCache.GetAsync(key, ct));

    public ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default) =>
        WithFallback(async () => { await Db.StringSetAsync(key, value, ttl); return true; },
            async () => { await _localCache.SetAsync(key, value, ttl, ct); return true; }).AsVoid();

    public ValueTask<bool> TryAddAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default) =>
        WithFallback(() => Db.StringSetAsync(key, value, ttl, When.NotExists), () => _localCache.TryAddAsync(key, value, ttl, ct));

    public ValueTask RemoveAsync(string key, CancellationToken ct = default) =>
        WithFallback(() => Db.KeyDeleteAsync(key), async () => { await _localCache.RemoveAsync(key, ct); return true; }).AsVoid();

    public ValueTask<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct = default) =>
        WithFallback(async () =>
        {
            var key = RedisKeys.Lock(name);
            var token = Guid.NewGuid().ToString("N");
            if (!await Db.LockTakeAsync(key, token, lease)) return null;
            return (IAsyncDisposable?)new Release(() => Db.LockReleaseAsync(key, token));
        }, () => _localLock.TryAcquireAsync(name, lease, ct));

    public ValueTask<RateDecision> TryPassAsync(string key, int limit, TimeSpan window, CancellationToken ct = default) =>
        WithFallback(async () =>
        {
            var answer = (long[])(await Db.ScriptEvaluateAsync(CountInWindow, [RedisKeys.Rate(key)], [(long)window.TotalMilliseconds]))!;
            return answer[0] <= limit ? new RateDecision(true, TimeSpan.Zero) : new RateDecision(false, TimeSpan.FromMilliseconds(answer[1]));
        }, () => _localGate.TryPassAsync(key, limit, window, ct));

    /// <summary>
    /// Fixed window in one atomic step: count the hit and give the window its expiry if it has none. Done as two calls,
    /// a failure between them left a counter without expiry that refused every later hit, for good.
    /// </summary>
    private const string CountInWindow = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    private async ValueTask<T> WithFallback<T>(Func<Task<T>> viaRedis, Func<ValueTask<T>> local)
    {
        if (redis.IsConnected)
        {
            try
            {
                var result = await viaRedis();
                if (Interlocked.Exchange(ref _degraded, 0) == 1) log.LogInformation("Redis is back; coordination is shared again");
                return result;
            }
            catch (Exception e) when (e is RedisException or TimeoutException) { }
        }
        if (Interlocked.Exchange(ref _degraded, 1) == 0) log.LogWarning("Redis unreachable; using in-process coordination");
        return await local();
    }

    private sealed class Release(Func<Task<bool>> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await release(); }
            catch (Exception e) when (e is RedisException or TimeoutException) { /* the lease expires by itself */ }
        }
    }
}

/// <summary>Every Redis key the host builds, in one place.</summary>
public static class RedisKeys
{
    public const string Prefix = "wechatcare:";
    public static string Lock(string name) => Prefix + "lock:" + name;
    public static string Rate(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key : Prefix + "rate:" + key;
    public static readonly RedisChannel OutboxWritten = RedisChannel.Literal(Prefix + "outbox:written");
}

internal static class ValueTaskExtensions
{
    public static async ValueTask AsVoid<T>(this ValueTask<T> task) => await task;
}
