using StackExchange.Redis;
using WechatCare.Wechat.Tests.Support;
using WechatCare.Wechat.Tokens;

namespace WechatCare.Wechat.Tests;

public abstract class TokenStoreContract
{
    protected readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock = Clocks.Now();
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>Two stores over the same backing state (two processes for Redis).</summary>
    protected abstract (IAccessTokenStore First, IAccessTokenStore Second) CreatePair();

    private AccessToken Token(string value) => new(value, Clock.GetUtcNow().AddHours(2));

    [Fact]
    public async Task Concurrent_callers_on_two_stores_fetch_once()
    {
        var (first, second) = CreatePair();
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        var fetches = 0;
        async Task<AccessToken> Fetch(CancellationToken ct)
        {
            Interlocked.Increment(ref fetches);
            await Task.Delay(50, ct);
            return Token("T1");
        }

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? first : second).GetOrRefreshAsync(appId, Margin, Fetch, CancellationToken.None)));

        Assert.Equal(1, fetches);
        Assert.All(tokens, t => Assert.Equal("T1", t.Value));
    }

    [Fact]
    public async Task Token_inside_the_margin_is_refreshed()
    {
        var (store, _) = CreatePair();
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        await store.GetOrRefreshAsync(appId, Margin, _ => Task.FromResult(Token("T1")), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(116));
        var refreshed = await store.GetOrRefreshAsync(appId, Margin, _ => Task.FromResult(Token("T2")), CancellationToken.None);
        Assert.Equal("T2", refreshed.Value);
    }

    [Fact]
    public async Task Invalidation_removes_only_the_failing_token()
    {
        var (first, second) = CreatePair();
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        await first.GetOrRefreshAsync(appId, Margin, _ => Task.FromResult(Token("T2")), CancellationToken.None);

        Assert.False(await second.InvalidateAsync(appId, "T1", CancellationToken.None));
        Assert.Equal("T2", (await second.GetOrRefreshAsync(appId, Margin, _ => Task.FromResult(Token("unexpected")), CancellationToken.None)).Value);

        Assert.True(await second.InvalidateAsync(appId, "T2", CancellationToken.None));
        Assert.Equal("T3", (await first.GetOrRefreshAsync(appId, Margin, _ => Task.FromResult(Token("T3")), CancellationToken.None)).Value);
    }
}

public class InProcessAccessTokenStoreTests : TokenStoreContract
{
    protected override (IAccessTokenStore, IAccessTokenStore) CreatePair()
    {
        var store = new InProcessAccessTokenStore(Clock);
        return (store, store);
    }
}

public sealed class RedisAccessTokenStoreTests : TokenStoreContract, IDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    protected override (IAccessTokenStore, IAccessTokenStore) CreatePair()
    {
        var endpoint = Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS");
        if (string.IsNullOrEmpty(endpoint))
            Assert.Skip("WECHATCARE_TEST_REDIS not set: Redis lane skipped");
        IAccessTokenStore Connect()
        {
            var connection = ConnectionMultiplexer.Connect(endpoint + ",abortConnect=false");
            _connections.Add(connection);
            return new RedisAccessTokenStore(connection, Clock);
        }
        return (Connect(), Connect());
    }

    [Fact]
    public async Task While_Redis_is_unreachable_the_process_keeps_its_own_token_and_calls_go_on()
    {
        // A Redis that is not there (nothing listens on the port); abortConnect=false as in production.
        using var away = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");
        var store = new RedisAccessTokenStore(away, Clock);
        var fetches = 0;
        Task<AccessToken> Fetch(CancellationToken _) => Task.FromResult(new AccessToken($"T{++fetches}", Clock.GetUtcNow().AddHours(2)));

        var first = await store.GetOrRefreshAsync("wx-app", TimeSpan.FromMinutes(5), Fetch, CancellationToken.None);
        var again = await store.GetOrRefreshAsync("wx-app", TimeSpan.FromMinutes(5), Fetch, CancellationToken.None);
        Assert.Equal(("T1", "T1", 1), (first.Value, again.Value, fetches));

        Assert.True(await store.InvalidateAsync("wx-app", "T1", CancellationToken.None));
        Assert.Equal("T2", (await store.GetOrRefreshAsync("wx-app", TimeSpan.FromMinutes(5), Fetch, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task A_token_read_from_Redis_is_reused_for_a_few_seconds_but_a_refused_one_is_dropped_at_once()
    {
        var (first, second) = CreatePair();
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        var expires = Clock.GetUtcNow().AddHours(2);
        await second.GetOrRefreshAsync(appId, TimeSpan.FromMinutes(5), _ => Task.FromResult(new AccessToken("T1", expires)), CancellationToken.None);
        Task<AccessToken> Get(string next) => first.GetOrRefreshAsync(appId, TimeSpan.FromMinutes(5), _ => Task.FromResult(new AccessToken(next, expires)), CancellationToken.None);
        Assert.Equal("T1", (await Get("unexpected")).Value);

        // Another process drops T1 from Redis: this process keeps using its copy for a few seconds (WeChat still accepts it)…
        await _connections[1].GetDatabase().KeyDeleteAsync(WechatRedisKeys.Token(appId));
        Assert.Equal("T1", (await Get("T2")).Value);
        Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("T2", (await Get("T2")).Value);

        // …but a token WeChat refused is never handed out again here.
        await first.InvalidateAsync(appId, "T2", CancellationToken.None);
        Assert.Equal("T3", (await Get("T3")).Value);
    }

    [Fact]
    public async Task A_refused_token_that_concurrent_readers_still_got_from_Redis_is_not_cached_again()
    {
        var (first, second) = CreatePair();
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        var expires = Clock.GetUtcNow().AddHours(2);
        for (var round = 0; round < 20; round++)
        {
            var refused = $"T{round}";
            var next = $"T{round + 1}";
            await second.InvalidateAsync(appId, $"T{round - 1}", CancellationToken.None);
            await second.GetOrRefreshAsync(appId, TimeSpan.FromMinutes(5), _ => Task.FromResult(new AccessToken(refused, expires)), CancellationToken.None);
            Clock.Advance(TimeSpan.FromSeconds(6));   // the first store's local copy is stale: its callers read Redis
            Task<AccessToken> Get() => first.GetOrRefreshAsync(appId, TimeSpan.FromMinutes(5), _ => Task.FromResult(new AccessToken(next, expires)), CancellationToken.None);

            // WeChat refuses the token while a burst of sends is reading it from Redis.
            var readers = Enumerable.Range(0, 200).Select(_ => Task.Run(Get)).ToList();
            await first.InvalidateAsync(appId, refused, CancellationToken.None);
            await Task.WhenAll(readers);

            Assert.Equal(next, (await Get()).Value);
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections) connection.Dispose();
    }
}
