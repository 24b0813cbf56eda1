namespace WechatCare.Wechat.Tokens;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// One access_token per AppId, shared by everything that uses the store. WeChat invalidates older tokens when a
/// new one is fetched, so fetching must be single-flight across callers (and across processes for Redis).
/// </summary>
public interface IAccessTokenStore
{
    /// <summary>Returns a token valid for more than <paramref name="margin"/>; otherwise exactly one caller runs <paramref name="fetch"/>.</summary>
    Task<AccessToken> GetOrRefreshAsync(string appId, TimeSpan margin, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken ct);

    /// <summary>Forgets the token only if it is still <paramref name="failingToken"/> (compare-and-swap): a burst of failures causes one refresh.</summary>
    Task<bool> InvalidateAsync(string appId, string failingToken, CancellationToken ct);
}
