using StackExchange.Redis;
using WechatCare.Domain.Coordination;

namespace WechatCare.Api.Infrastructure.Redis;

/// <summary>
/// The outbox signal across processes: a commit in an api replica wakes the dispatchers of every bot worker through
/// Redis pub/sub. Without Redis each process still wakes its own dispatcher, and the others find the rows at their poll.
/// </summary>
public sealed class RedisOutboxSignal : IOutboxSignal
{
    private readonly InProcessOutboxSignal _local = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisOutboxSignal> _log;

    public RedisOutboxSignal(IConnectionMultiplexer redis, ILogger<RedisOutboxSignal> log)
    {
        (_redis, _log) = (redis, log);
        // The multiplexer subscribes again by itself after a reconnect.
        _ = Subscribe();
    }

    public void Notify()
    {
        _local.Notify();
        try
        {
            _redis.GetSubscriber().Publish(RedisKeys.OutboxWritten, RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Redis is away: the other processes poll.
        }
    }

    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct) => _local.WaitAsync(timeout, clock, ct);

    private async Task Subscribe()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(RedisKeys.OutboxWritten, (_, _) => _local.Notify());
        }
        catch (RedisException e)
        {
            _log.LogWarning("Could not subscribe to outbox wake-ups ({Error}); dispatchers rely on their poll", e.GetType().Name);
        }
    }
}
