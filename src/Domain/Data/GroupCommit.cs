using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace WechatCare.Domain.Data;

/// <summary>
/// Group commit for rows that must be durable before their caller may answer (audit rows): concurrent callers queue a
/// row, one writer loop saves everything queued in one unit of work and one commit, then releases every caller of that
/// group. A caller's task completes only once its row is committed and fails with the commit's exception otherwise,
/// so a busy host pays one commit per group instead of one per request without ever answering ahead of its row.
/// </summary>
public abstract class GroupCommit<T>(IServiceScopeFactory scopes) : IAsyncDisposable
{
    /// <summary>At most one multi-row INSERT's worth, so a group written with <see cref="BulkInsert"/> is one atomic statement.</summary>
    private const int MaxGroup = BulkInsert.RowsPerStatement;

    private readonly Channel<(T Item, TaskCompletionSource Committed)> _queue =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;

    /// <summary>Writes and commits one group's rows in <paramref name="db"/> (a fresh context of its own scope).</summary>
    protected abstract Task WriteGroupAsync(CareDb db, IReadOnlyList<T> group);

    /// <summary>Completes when <paramref name="item"/> is committed; throws what the commit threw.</summary>
    protected Task EnqueueAsync(T item, CancellationToken ct)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, committed))) throw new ObjectDisposedException(GetType().Name);
        lock (_startLock) _writer ??= Task.Run(WriteGroupsAsync, CancellationToken.None);
        return committed.Task.WaitAsync(ct);
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<(T Item, TaskCompletionSource Committed)>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var queued)) group.Add(queued);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CareDb>();
                await WriteGroupAsync(db, group.Select(g => g.Item).ToList());
                foreach (var g in group) g.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var g in group) g.Committed.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_startLock) writer = _writer;
        if (writer is not null) await writer;
        GC.SuppressFinalize(this);
    }
}
