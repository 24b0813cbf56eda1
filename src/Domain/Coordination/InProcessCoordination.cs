using System.Collections.Concurrent;

namespace WechatCare.Domain.Coordination;

/// <summary>One-machine cache: a dictionary with expiry, swept lazily on access.</summary>
public sealed class InProcessCache(TimeProvider clock) : ICache
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset ExpiresAt)> _entries = new();

    public ValueTask<string?> GetAsync(string key, CancellationToken ct = default) =>
        ValueTask.FromResult(_entries.TryGetValue(key, out var e) && e.ExpiresAt > clock.GetUtcNow() ? e.Value : null);

    public ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default)
    {
        _entries[key] = (value, clock.GetUtcNow() + ttl);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryAddAsync(string key, string value, TimeSpan ttl, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        while (true)
        {
            if (_entries.TryAdd(key, (value, now + ttl))) return ValueTask.FromResult(true);
            if (!_entries.TryGetValue(key, out var existing)) continue;
            if (existing.ExpiresAt > now) return ValueTask.FromResult(false);
            if (_entries.TryUpdate(key, (value, now + ttl), existing)) return ValueTask.FromResult(true);
        }
    }

    public ValueTask RemoveAsync(string key, CancellationToken ct = default)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One-machine lock: the in-process cache's first-writer-wins with a lease.</summary>
public sealed class InProcessLock(TimeProvider clock) : IDistributedLock
{
    private readonly InProcessCache _held = new(clock);

    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct = default)
    {
        var token = Guid.NewGuid().ToString("N");
        if (!await _held.TryAddAsync(name, token, lease, ct)) return null;
        return new Release(async () =>
        {
            if (await _held.GetAsync(name, ct) == token) await _held.RemoveAsync(name, ct);
        });
    }

    private sealed class Release(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}

/// <summary>One-machine fixed-window counter.</summary>
public sealed class InProcessRateGate(TimeProvider clock) : IRateGate
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    public ValueTask<RateDecision> TryPassAsync(string key, int limit, TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var current = _windows.AddOrUpdate(key,
            _ => new Window(now + window, 1),
            (_, w) => w.EndsAt <= now ? new Window(now + window, 1) : w with { Count = w.Count + 1 });
        var allowed = current.Count <= limit;
        return ValueTask.FromResult(new RateDecision(allowed, allowed ? TimeSpan.Zero : current.EndsAt - now));
    }

    private sealed record Window(DateTimeOffset EndsAt, int Count);
}

/// <summary>The outbox signal within one process: a notification is kept until the next wait takes it.</summary>
public sealed class InProcessOutboxSignal : IOutboxSignal
{
    private readonly SemaphoreSlim _notified = new(0, 1);

    public void Notify()
    {
        try
        {
            _notified.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already notified and not yet taken: one pending notification is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var notified = _notified.WaitAsync(either.Token);
        await Task.WhenAny(notified, Task.Delay(timeout, clock, either.Token));
        await either.CancelAsync();   // the other wait ends; a cancelled semaphore wait takes no notification
        ct.ThrowIfCancellationRequested();
    }
}
