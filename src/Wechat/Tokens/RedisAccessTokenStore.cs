using System.Collections.Concurrent;
using StackExchange.Redis;

namespace WechatCare.Wechat.Tokens;

/// <summary>
/// Token store shared by every process through Redis. A short Redis lock makes the refresh single-flight across
/// processes; a local gate keeps one process from sending all its waiting callers to Redis at once. A token read from
/// Redis is reused in-process for a few seconds, so a burst of sends does not ask Redis for it once per call; a token
/// another process replaced in that time is still accepted by WeChat for 5 minutes, and a refused one is dropped here too.
/// While Redis is unreachable each process keeps its own token (<see cref="InProcessAccessTokenStore"/>), so WeChat calls
/// go on: <c>stable_token</c> hands every process the same token, so they do not push each other's out.
/// </summary>
public sealed class RedisAccessTokenStore(IConnectionMultiplexer redis, TimeProvider clock) : IAccessTokenStore
{
    private readonly InProcessAccessTokenStore _whileRedisIsDown = new(clock);

    // Longer than a fetch can take (10 s per try, three tries, back-off between): a lock that lapsed mid-fetch would let
    // a second process fetch too.
    private static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // Deletes the token only while it is still the failing one.
    private const string DeleteIfTokenEquals =
        "if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private static readonly TimeSpan LocalReuse = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _localGates = new();
    private readonly ConcurrentDictionary<string, (AccessToken Token, DateTimeOffset Until)> _local = new();

    // Tokens WeChat refused here. A burst of callers may still be reading a refused token from Redis while it is
    // dropped; without this, the last of them would put it back into the local copy. WeChat refuses a token a few
    // times a day at most, so the set stays tiny; it is cleared once it holds RefusedKept tokens.
    private readonly ConcurrentDictionary<(string AppId, string Token), byte> _refused = new();
    private const int RefusedKept = 64;

    public async Task<AccessToken> GetOrRefreshAsync(string appId, TimeSpan margin, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken ct)
    {
        if (!redis.IsConnected) return await _whileRedisIsDown.GetOrRefreshAsync(appId, margin, fetch, ct);
        try
        {
            return await GetOrRefreshSharedAsync(appId, margin, fetch, ct);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            return await _whileRedisIsDown.GetOrRefreshAsync(appId, margin, fetch, ct);
        }
    }

    private async Task<AccessToken> GetOrRefreshSharedAsync(string appId, TimeSpan margin, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_local.TryGetValue(appId, out var local) && local.Until > now && local.Token.ExpiresAt - margin > now) return local.Token;
        var db = redis.GetDatabase();
        if (await ReadFreshAsync(db, appId, margin) is { } cached) return cached;

        var gate = _localGates.GetOrAdd(appId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var lockKey = WechatRedisKeys.TokenLock(appId);
            var lockOwner = Guid.NewGuid().ToString("N");
            var giveUpAt = DateTime.UtcNow + LockLifetime * 2;
            while (true)
            {
                if (await ReadFreshAsync(db, appId, margin) is { } refreshed) return refreshed;
                if (await db.LockTakeAsync(lockKey, lockOwner, LockLifetime))
                {
                    try
                    {
                        if (await ReadFreshAsync(db, appId, margin) is { } meanwhile) return meanwhile;
                        var token = await fetch(ct);
                        await WriteAsync(db, appId, token);
                        return token;
                    }
                    finally
                    {
                        await db.LockReleaseAsync(lockKey, lockOwner);
                    }
                }
                if (DateTime.UtcNow > giveUpAt)
                    throw new TimeoutException($"Waited too long for another process to refresh the access token of {appId}.");
                await Task.Delay(PollInterval, ct);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> InvalidateAsync(string appId, string failingToken, CancellationToken ct)
    {
        if (_refused.Count >= RefusedKept) _refused.Clear();
        _refused[(appId, failingToken)] = 0;
        if (_local.TryGetValue(appId, out var local) && local.Token.Value == failingToken) _local.TryRemove(appId, out _);
        var droppedLocally = await _whileRedisIsDown.InvalidateAsync(appId, failingToken, ct);
        try
        {
            var deleted = await redis.GetDatabase().ScriptEvaluateAsync(DeleteIfTokenEquals, [WechatRedisKeys.Token(appId)], [failingToken]);
            return (long)deleted == 1 || droppedLocally;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            return droppedLocally;
        }
    }

    private async Task<AccessToken?> ReadFreshAsync(IDatabase db, string appId, TimeSpan margin)
    {
        var fields = await db.HashGetAsync(WechatRedisKeys.Token(appId), ["token", "expires_at"]);
        if (fields[0].IsNullOrEmpty || !fields[1].TryParse(out long expiresAtMs)) return null;
        var token = new AccessToken(fields[0]!, DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs));
        var now = clock.GetUtcNow();
        if (token.ExpiresAt - margin <= now || _refused.ContainsKey((appId, token.Value))) return null;
        var copy = (token, now + LocalReuse);
        _local[appId] = copy;
        // Refused between the read and now: the refusal may have dropped the local copy before we set it.
        if (_refused.ContainsKey((appId, token.Value)))
        {
            _local.TryRemove(KeyValuePair.Create(appId, copy));
            return null;
        }
        return token;
    }

    private async Task WriteAsync(IDatabase db, string appId, AccessToken token)
    {
        var key = WechatRedisKeys.Token(appId);
        await db.HashSetAsync(key, [
            new HashEntry("token", token.Value),
            new HashEntry("expires_at", token.ExpiresAt.ToUnixTimeMilliseconds()),
        ]);
        var lifetime = token.ExpiresAt - clock.GetUtcNow();
        await db.KeyExpireAsync(key, lifetime > TimeSpan.FromSeconds(1) ? lifetime : TimeSpan.FromSeconds(1));
    }
}
