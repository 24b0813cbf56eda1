using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Messaging;

/// <summary>
/// Wakes the dispatchers once messages are committed (<see cref="IOutboxSignal"/>): after a SaveChanges outside a
/// transaction, or after the commit of the transaction that wrote them. <see cref="Messenger"/> marks the context, so a
/// commit that wrote no message wakes nobody.
/// </summary>
public sealed class OutboxWakeUp(IOutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Inside a transaction the rows are not visible yet: its commit notifies.</summary>
    private void NotifyIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Notify(context);
    }

    private void Notify(DbContext? context)
    {
        if (context is CareDb db && db.TakeOutboxWritten()) signal.Notify();
    }
}
