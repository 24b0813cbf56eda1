using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;

namespace WechatCare.Bot.Push;

/// <summary>The outcome of claiming a push: the first copy handles it; a later copy gets the first one's reply if it is known.</summary>
public sealed record PushClaim(string Key, bool First, string? EarlierReply);

/// <summary>
/// WeChat retries a push it got no answer to (up to 3 times in 15 s), and a replica may get a copy while another works on
/// it. The cache (Redis when configured) stops copies cheaply; the database's unique receipt stops them even when Redis
/// is down or lost its keys. A copy answers with the first copy's reply when it is already known, else <c>success</c>.
/// </summary>
public sealed class PushDedupe(ICache cache, IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(30);
    private const string Pending = "-";

    public static string KeyOf(string app, string dedupeKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app + ":" + dedupeKey)));

    public static string CacheKey(string key) => "wechatcare:push:" + key;

    public async Task<PushClaim> ClaimAsync(string app, string dedupeKey, CancellationToken ct)
    {
        var key = KeyOf(app, dedupeKey);
        if (!await cache.TryAddAsync(CacheKey(key), Pending, Memory, ct))
        {
            var earlier = await cache.GetAsync(CacheKey(key), ct);
            return new PushClaim(key, First: false, earlier is null or Pending ? null : earlier);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        db.WechatPushReceipts.Add(WechatPushReceipt.For(key, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
            return new PushClaim(key, First: true, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            if (e is DbUpdateException && await db.WechatPushReceipts.AnyAsync(r => r.Key == key, ct)) return new PushClaim(key, First: false, null);
            await cache.RemoveAsync(CacheKey(key), ct);   // not a duplicate, just a failure: WeChat's retry may try again
            throw;
        }
    }

    /// <summary>Gives a claim back after its push could not be handled, so WeChat's next copy is handled instead of skipped.</summary>
    public async Task ReleaseAsync(PushClaim claim, CancellationToken ct)
    {
        await cache.RemoveAsync(CacheKey(claim.Key), ct);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CareDb>().WechatPushReceipts.Where(r => r.Key == claim.Key).ExecuteDeleteAsync(ct);
    }

    /// <summary>Remembers the (unsealed) reply so a retry that arrives later gets the same answer.</summary>
    public ValueTask RememberReplyAsync(PushClaim claim, string reply, CancellationToken ct) =>
        cache.SetAsync(CacheKey(claim.Key), reply, Memory, ct);
}
