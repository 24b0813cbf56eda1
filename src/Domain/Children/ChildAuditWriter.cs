using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// Group commit for read audits: concurrent reads hand their <see cref="ChildReadAudit"/> rows to one writer loop, which
/// inserts everything waiting in one statement and one commit, then releases every read of that group. A read answers
/// only after its row is committed (the awaited task fails — and so does the read — if the commit fails), so the rule
/// "no child data leaves without its durable audit row" holds while a busy host pays one commit per group, not per read.
/// </summary>
public sealed class ChildAuditWriter(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private const int MaxGroup = 500;
    private readonly Channel<(ChildReadAudit Row, TaskCompletionSource Committed)> pending =
        Channel.CreateUnbounded<(ChildReadAudit, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? loop;

    /// <summary>Completes when the row is committed; throws what the commit threw.</summary>
    public Task WriteAsync(ChildReadAudit row)
    {
        EnsureStarted();
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.Writer.TryWrite((row, committed))) throw new ObjectDisposedException(nameof(ChildAuditWriter));
        return committed.Task;
    }

    private void EnsureStarted()
    {
        if (loop is not null) return;
        lock (startLock) loop ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var group = new List<(ChildReadAudit Row, TaskCompletionSource Committed)>();
        while (await pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && pending.Reader.TryRead(out var item)) group.Add(item);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CareDb>();
                db.ChildReadAudits.AddRange(group.Select(g => g.Row));
                await db.SaveChangesAsync();
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
        pending.Writer.TryComplete();
        if (loop is not null) await loop;
    }
}
