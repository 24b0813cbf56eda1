using System.Collections.Concurrent;

namespace WechatCare.Wechat.Tokens;

/// <summary>Token store for one process (no Redis configured).</summary>
public sealed class InProcessAccessTokenStore(TimeProvider clock) : IAccessTokenStore
{
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshGates = new();

    public async Task<AccessToken> GetOrRefreshAsync(string appId, TimeSpan margin, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken ct)
    {
        if (TryGetFresh(appId, margin) is { } cached) return cached;

        var gate = _refreshGates.GetOrAdd(appId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another caller may have refreshed while we waited.
            if (TryGetFresh(appId, margin) is { } refreshed) return refreshed;
            var token = await fetch(ct);
            _tokens[appId] = token;
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<bool> InvalidateAsync(string appId, string failingToken, CancellationToken ct)
    {
        var removed = _tokens.TryGetValue(appId, out var current)
                      && current.Value == failingToken
                      && _tokens.TryRemove(KeyValuePair.Create(appId, current));
        return Task.FromResult(removed);
    }

    private AccessToken? TryGetFresh(string appId, TimeSpan margin) =>
        _tokens.TryGetValue(appId, out var token) && token.ExpiresAt - margin > clock.GetUtcNow() ? token : null;
}
