using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Donations;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<Drive> Drives => Set<Drive>();
    public DbSet<DriveItem> DriveItems => Set<DriveItem>();
    public DbSet<Pledge> Pledges => Set<Pledge>();
    public DbSet<LedgerEntry> DonationLedger => Set<LedgerEntry>();
    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<ReceiptCounter> ReceiptCounters => Set<ReceiptCounter>();
    public DbSet<BudgetLine> BudgetLines => Set<BudgetLine>();
    public DbSet<Expense> Expenses => Set<Expense>();
}

/// <summary>Data helpers of the donations feature: the conditional updates that keep counters right under concurrency.</summary>
public static class DonationData
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that the provider's execution strategy may retry as a whole
    /// (MariaDB deadlocks); the change tracker is cleared first so a retry never saves a failed attempt's rows twice.
    /// Every read the work depends on must happen inside it. On SQLite, Microsoft.Data.Sqlite begins transactions with
    /// <c>BEGIN IMMEDIATE</c>, so the write lock is taken at the start and concurrent writers queue on the busy timeout
    /// instead of failing with "database is locked" when a read lock cannot be upgraded.
    /// </summary>
    public static Task<T> InDonationTransaction<T>(this CareDb db, Func<Task<T>> work, CancellationToken ct) =>
        db.InTransaction(() =>
        {
            db.ChangeTracker.Clear();
            return work();
        }, ct);

    /// <summary>The drive, or 404; drafts are visible only to the organisation's staff.</summary>
    public static async Task<Drive> VisibleDriveAsync(this CareDb db, Guid driveId, Guid callerId, CancellationToken ct)
    {
        var drive = await db.Drives.FirstOrDefaultAsync(d => d.Id == driveId, ct) ?? throw new NotFoundException("该募捐");
        if (!drive.IsPublic && !await db.HasRoleAsync(callerId, drive.OrganizationId, Access.Staff, ct)) throw new NotFoundException("该募捐");
        return drive;
    }

    /// <summary>The drive for an organizer of its organisation; 404 for anyone who cannot see it, 403 for other viewers.</summary>
    public static async Task<Drive> OrganizedDriveAsync(this CareDb db, Guid driveId, Guid callerId, CancellationToken ct)
    {
        var drive = await db.VisibleDriveAsync(driveId, callerId, ct);
        if (!await db.HasRoleAsync(callerId, drive.OrganizationId, Access.Organizers, ct)) throw new ForbiddenException("只有本组织的组织者可以执行此操作");
        return drive;
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> from an item slot in one conditional UPDATE (like the seats design): it only
    /// succeeds while the slot has room, or always when the organizer allows over-pledging. False = no room.
    /// </summary>
    public static async Task<bool> TryPledgeItemAsync(this CareDb db, Guid itemId, int quantity, CancellationToken ct) =>
        await db.DriveItems
            .Where(i => i.Id == itemId && (i.AllowOverPledge || i.Pledged + quantity <= i.Target))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Pledged, i => i.Pledged + quantity), ct) == 1;

    /// <summary>
    /// Locks a pledge's row for the rest of the transaction (a no-op UPDATE, the portable SELECT … FOR UPDATE), so two
    /// requests changing the same pledge run one after the other and the second reads what the first committed.
    /// Call it before reading the pledge: on MariaDB the transaction's snapshot starts at its first plain read.
    /// </summary>
    public static Task LockPledgeAsync(this CareDb db, Guid pledgeId, CancellationToken ct) =>
        db.Pledges.Where(p => p.Id == pledgeId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);

    /// <summary>Adds <paramref name="quantity"/> (may be negative) to the item counter that mirrors <paramref name="account"/>.</summary>
    public static Task MoveItemCounterAsync(this CareDb db, Guid itemId, LedgerAccount account, int quantity, CancellationToken ct)
    {
        var item = db.DriveItems.Where(i => i.Id == itemId);
        return account switch
        {
            LedgerAccount.Pledged => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.Pledged, i => i.Pledged + quantity), ct),
            LedgerAccount.Received => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.Received, i => i.Received + quantity), ct),
            LedgerAccount.Distributed => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.Distributed, i => i.Distributed + quantity), ct),
            _ => throw new ArgumentOutOfRangeException(nameof(account), account, "items have no such counter"),
        };
    }

    /// <summary>
    /// The next receipt number of an organisation and year. The counter row is created outside the caller's transaction
    /// (a lost insert race is harmless); the increment is an UPDATE inside it, which holds the row lock until commit, so
    /// numbers are handed out one at a time and a rolled-back issue gives its number back: no gaps, no duplicates.
    /// </summary>
    public static async Task EnsureReceiptCounterAsync(this CareDb db, Guid organizationId, int year, CancellationToken ct)
    {
        if (await db.ReceiptCounters.AnyAsync(c => c.OrganizationId == organizationId && c.Year == year, ct)) return;
        db.ReceiptCounters.Add(ReceiptCounter.Start(organizationId, year));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { /* another request created it first */ }
        finally { db.ChangeTracker.Clear(); }
    }

    public static async Task<int> TakeReceiptNumberAsync(this CareDb db, Guid organizationId, int year, CancellationToken ct)
    {
        await db.ReceiptCounters.Where(c => c.OrganizationId == organizationId && c.Year == year)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + 1), ct);
        return await db.ReceiptCounters.Where(c => c.OrganizationId == organizationId && c.Year == year).Select(c => c.Last).SingleAsync(ct);
    }
}
