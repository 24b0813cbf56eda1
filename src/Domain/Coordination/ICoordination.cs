namespace WechatCare.Domain.Coordination;

// Small coordination services. With ConnectionStrings:Redis they are shared by every process through Redis;
// without it, in-process implementations serve one machine. Redis only coordinates: the database stays the source of truth.

/// <summary>A short-lived key/value store for dedupe and caching.</summary>
public interface ICache
{
    ValueTask<string?> GetAsync(string key, CancellationToken ct = default);
    ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default);
    /// <summary>Sets the key only if it is absent; true when this caller set it (first one wins).</summary>
    ValueTask<bool> TryAddAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default);
    ValueTask RemoveAsync(string key, CancellationToken ct = default);
}

/// <summary>A named lock with a lease, so one instance of a scheduled job runs at a time across processes.</summary>
public interface IDistributedLock
{
    /// <summary>Null when someone else holds the lock. Dispose to release early; otherwise it expires with the lease.</summary>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct = default);
}

public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>Fixed-window rate limits shared by all processes (per user, per IP, the global WeChat send rate).</summary>
public interface IRateGate
{
    ValueTask<RateDecision> TryPassAsync(string key, int limit, TimeSpan window, CancellationToken ct = default);
}

/// <summary>
/// Wakes idle dispatchers when messages are committed to the outbox, so a notice starts going out at once instead of at
/// the next poll. Only a hint: a lost signal costs latency, never a message (the poll still finds every due row).
/// </summary>
public interface IOutboxSignal
{
    void Notify();
    /// <summary>Completes at a notification (one since the last wait counts) or after <paramref name="timeout"/> of <paramref name="clock"/>.</summary>
    Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct);
}
