using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Delivery;

/// <summary>
/// How dispatchers share the outbox. A claim is one conditional UPDATE that stamps due rows (pending, or sending with an
/// expired lease) with a claim token and a lease; the database re-checks the condition on each row under its row lock,
/// so two workers never hold the same row. A worker that dies simply lets its lease expire.
/// </summary>
public static class OutboxClaims
{
    public static async Task<List<OutboxMessage>> ClaimDueAsync(this CareDb db, string claimToken, int batchSize, TimeSpan lease,
        DateTimeOffset now, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        var until = (now + lease).UtcDateTime;
        var pending = nameof(OutboxStatus.Pending);
        var sending = nameof(OutboxStatus.Sending);
        // Two range scans on the (Status, DueAtUtc) index, never a sort of the whole queue: first rows whose lease
        // expired (a dead worker's batch, rare), then pending rows in due order up to the batch size.
        if (db.IsMySql)
        {
            // MySQL/MariaDB: lock candidate rows, skipping rows another claim holds (no waiting, so no deadlock with
            // it), then stamp them with the same condition; all in one transaction.
            await db.InTransaction(async () =>
            {
                var ids = await db.Database.SqlQuery<Guid>($"""
                    SELECT Id AS Value FROM Outbox
                    WHERE Status = {sending} AND DueAtUtc <= {nowUtc} AND LeaseUntilUtc < {nowUtc}
                    LIMIT {batchSize} FOR UPDATE SKIP LOCKED
                    """).ToListAsync(ct);
                if (ids.Count < batchSize)
                    ids.AddRange(await db.Database.SqlQuery<Guid>($"""
                        SELECT Id AS Value FROM Outbox
                        WHERE Status = {pending} AND DueAtUtc <= {nowUtc}
                        ORDER BY DueAtUtc LIMIT {batchSize - ids.Count} FOR UPDATE SKIP LOCKED
                        """).ToListAsync(ct));
                if (ids.Count == 0) return 0;
                return await db.Outbox
                    .Where(m => ids.Contains(m.Id) && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending && m.LeaseUntilUtc < nowUtc))
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Sending)
                        .SetProperty(m => m.LeaseOwner, claimToken).SetProperty(m => m.LeaseUntilUtc, until), ct);
            }, ct);
        }
        else
        {
            // SQLite has one writer at a time: each statement is atomic, and repeats its condition so it stands on its own.
            var reclaimed = await db.Database.ExecuteSqlAsync($"""
                UPDATE Outbox SET LeaseOwner = {claimToken}, LeaseUntilUtc = {until}
                WHERE Id IN (SELECT Id FROM Outbox WHERE Status = {sending} AND DueAtUtc <= {nowUtc} AND LeaseUntilUtc < {nowUtc} LIMIT {batchSize})
                  AND Status = {sending} AND LeaseUntilUtc < {nowUtc}
                """, ct);
            if (reclaimed < batchSize)
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE Outbox SET Status = {sending}, LeaseOwner = {claimToken}, LeaseUntilUtc = {until}
                    WHERE Id IN (SELECT Id FROM Outbox WHERE Status = {pending} AND DueAtUtc <= {nowUtc} ORDER BY DueAtUtc LIMIT {batchSize - reclaimed})
                      AND Status = {pending}
                    """, ct);
        }
        // Found through the LeaseOwner index, not a scan of the whole (ever-growing) outbox.
        return await db.Outbox.Where(m => m.LeaseOwner == claimToken).ToListAsync(ct);
    }

    /// <summary>Counts per status and the age of the oldest message still waiting (operations: metrics, health).</summary>
    public static async Task<OutboxSnapshot> SnapshotAsync(this CareDb db, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await db.Outbox.AsNoTracking().GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var nowUtc = now.UtcDateTime;
        // Age counts from when the message was first due: a message retried for hours is old, whatever its next retry.
        var oldest = await db.Outbox.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending) && m.FirstDueAtUtc <= nowUtc)
            .OrderBy(m => m.FirstDueAtUtc).Select(m => (DateTime?)m.FirstDueAtUtc).FirstOrDefaultAsync(ct);
        int Count(OutboxStatus s) => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0;
        return new OutboxSnapshot(Count(OutboxStatus.Pending), Count(OutboxStatus.Sending), Count(OutboxStatus.Delivered),
            Count(OutboxStatus.Failed), Count(OutboxStatus.Dead), oldest is { } o ? nowUtc - o : TimeSpan.Zero);
    }
}

public sealed record OutboxSnapshot(int Queued, int Sending, int Delivered, int Failed, int Dead, TimeSpan OldestDueAge);
