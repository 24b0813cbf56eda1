using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Data;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// Writes the bot's audit rows as a group commit: concurrent pushes queue their row, one writer inserts everything
/// queued in one transaction, and each push's reply waits for the commit that holds its row — so no answer goes out
/// without its audit row, but 200 pushes a second cost a few commits instead of 200. The same commit moves a
/// follower's "last message" time (WeChat's 48-hour customer-service window) when the caller says it is stale.
/// </summary>
public sealed class BotActionLog(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private sealed record Entry(BotAction Action, Guid? MessagedBy, TaskCompletionSource Committed);

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;

    /// <param name="messagedBy">The linked user who just wrote to us, when their stored last-message time should move.</param>
    public Task WriteAsync(BotAction action, Guid? messagedBy, CancellationToken ct)
    {
        var entry = new Entry(action, messagedBy, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(entry)) throw new ObjectDisposedException(nameof(BotActionLog));
        lock (_startLock) _writer ??= Task.Run(WriteBatchesAsync, CancellationToken.None);
        return entry.Committed.Task.WaitAsync(ct);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CareDb>();
                db.BotActions.AddRange(batch.Select(e => e.Action));
                var messaged = batch.Where(e => e.MessagedBy is not null).GroupBy(e => e.MessagedBy!.Value)
                    .ToDictionary(g => g.Key, g => g.Max(e => e.Action.AtUtc));
                if (messaged.Count > 0)
                    foreach (var user in await db.Users.Where(u => messaged.Keys.Contains(u.Id)).ToListAsync())
                        user.RecordOfficialAccountMessage(new DateTimeOffset(messaged[user.Id], TimeSpan.Zero));
                await db.SaveChangesAsync();
                foreach (var e in batch) e.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var waiting in batch) waiting.Committed.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_startLock) writer = _writer;
        if (writer is not null) await writer;
    }
}
