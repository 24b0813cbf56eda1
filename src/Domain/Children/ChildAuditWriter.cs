using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>
/// Read audits through a <see cref="GroupCommit{T}"/>: a read answers only after its <see cref="ChildReadAudit"/> row is
/// committed, so "no child data leaves without its durable audit row" holds while concurrent reads share one commit.
/// </summary>
public sealed class ChildAuditWriter(IServiceScopeFactory scopes) : GroupCommit<ChildReadAudit>(scopes)
{
    /// <summary>Completes when the row is committed; throws what the commit threw.</summary>
    public Task WriteAsync(ChildReadAudit row) => EnqueueAsync(row, CancellationToken.None);

    /// <summary>One multi-row INSERT (a group is at most one statement's worth of rows), so the group commits atomically.</summary>
    protected override Task WriteGroupAsync(CareDb db, IReadOnlyList<ChildReadAudit> group) => db.InsertAllAsync(group, CancellationToken.None);
}
