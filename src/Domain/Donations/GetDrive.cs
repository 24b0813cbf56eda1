using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

public sealed record DriveItemView(Guid Id, string Name, string Unit, int Target, IReadOnlyList<string> Sizes, bool AllowOverPledge,
    int Pledged, int Received, int Distributed, int Remaining);

/// <summary>A drive with its progress. raised = money that actually arrived; balance = raised − spent.</summary>
public sealed record DriveView(
    Guid Id, Guid OrganizationId, string Title, string Description, string Designation, DriveStatus Status,
    long MoneyTargetFen, long ReceiptThresholdFen, Guid? ActivityId, DateTimeOffset? StartsAt, DateTimeOffset EndsAt,
    long PledgedFen, long ReceivedFen, long RaisedFen, long SpentFen, long BalanceFen, int PledgeCount,
    IReadOnlyList<DriveItemView> Items);

/// <summary>Totals of a drive, summed from the append-only ledger (the one source every page reads).</summary>
public sealed record DriveTotals(long PledgedFen, long ReceivedFen, long SpentFen, IReadOnlyDictionary<(Guid Item, LedgerAccount Account), int> Quantities)
{
    public long BalanceFen => ReceivedFen - SpentFen;
    public int Quantity(Guid itemId, LedgerAccount account) => Quantities.GetValueOrDefault((itemId, account));
}

public static class DriveProgress
{
    public static async Task<DriveTotals> TotalsAsync(CareDb db, Guid driveId, CancellationToken ct)
    {
        var sums = await db.DonationLedger.Where(e => e.DriveId == driveId)
            .GroupBy(e => new { e.Account, e.ItemId })
            .Select(g => new { g.Key.Account, g.Key.ItemId, Fen = g.Sum(e => e.AmountFen), Quantity = g.Sum(e => e.Quantity) })
            .ToListAsync(ct);
        long Money(LedgerAccount account) => sums.Where(s => s.Account == account && s.ItemId == null).Sum(s => s.Fen);
        return new DriveTotals(Money(LedgerAccount.Pledged), Money(LedgerAccount.Received), Money(LedgerAccount.Spent),
            sums.Where(s => s.ItemId != null).ToDictionary(s => (s.ItemId!.Value, s.Account), s => s.Quantity));
    }

    public static async Task<DriveView> ViewAsync(CareDb db, Drive drive, DateTimeOffset now, CancellationToken ct)
    {
        var totals = await TotalsAsync(db, drive.Id, ct);
        var pledgeCount = await db.Pledges.CountAsync(p => p.DriveId == drive.Id && p.Status != PledgeStatus.Cancelled, ct);
        var items = drive.Items.OrderBy(i => i.Position).Select(i =>
        {
            var pledged = totals.Quantity(i.Id, LedgerAccount.Pledged);
            return new DriveItemView(i.Id, i.Name, i.Unit, i.Target, i.SizeList, i.AllowOverPledge, pledged,
                totals.Quantity(i.Id, LedgerAccount.Received), totals.Quantity(i.Id, LedgerAccount.Distributed), Math.Max(i.Target - pledged, 0));
        }).ToList();
        return new DriveView(drive.Id, drive.OrganizationId, drive.Title, drive.Description, drive.Designation, drive.StatusAt(now),
            drive.MoneyTargetFen, drive.ReceiptThresholdFen, drive.ActivityId,
            drive.StartsAtUtc is { } s ? ChinaTime.ToChina(s) : null, ChinaTime.ToChina(drive.EndsAtUtc),
            totals.PledgedFen, totals.ReceivedFen, totals.ReceivedFen, totals.SpentFen, totals.BalanceFen, pledgeCount, items);
    }
}

public sealed record GetDriveQuery(Guid CallerId, Guid DriveId) : IQuery<DriveView>;

public sealed class GetDriveHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetDriveQuery, DriveView>
{
    public async ValueTask<DriveView> Handle(GetDriveQuery query, CancellationToken ct) =>
        await DriveProgress.ViewAsync(db, await db.VisibleDriveAsync(query.DriveId, query.CallerId, ct), clock.GetUtcNow(), ct);
}

public sealed record DriveSummary(Guid Id, Guid OrganizationId, string Title, string Designation, DriveStatus Status, long MoneyTargetFen, DateTimeOffset EndsAt);

public sealed record ListDrivesQuery(Guid CallerId, Guid? OrganizationId, DriveStatus? Status, PageRequest Paging) : IQuery<Page<DriveSummary>>;

public sealed class ListDrivesHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListDrivesQuery, Page<DriveSummary>>
{
    public async ValueTask<Page<DriveSummary>> Handle(ListDrivesQuery query, CancellationToken ct)
    {
        // Drafts are listed only to staff of their organisation: scoped in the query.
        var staffOf = db.Memberships.Where(m => m.UserId == query.CallerId && Access.Staff.Contains(m.Role)).Select(m => m.OrganizationId);
        var isAdmin = await db.Users.AnyAsync(u => u.Id == query.CallerId && u.IsPlatformAdmin, ct);
        var drives = db.Drives.Where(d => d.Status != DriveStatus.Draft || isAdmin || staffOf.Contains(d.OrganizationId));
        if (query.OrganizationId is { } org) drives = drives.Where(d => d.OrganizationId == org);
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        // Open and closed follow EndsAt (Drive.StatusAt): a drive past its end is closed although nobody closed it.
        if (query.Status is { } status)
            drives = status switch
            {
                DriveStatus.Open => drives.Where(d => d.Status == DriveStatus.Open && d.EndsAtUtc > nowUtc),
                DriveStatus.Closed => drives.Where(d => d.Status == DriveStatus.Closed || (d.Status == DriveStatus.Open && d.EndsAtUtc <= nowUtc)),
                _ => drives.Where(d => d.Status == status),
            };
        var total = await drives.CountAsync(ct);
        var rows = await drives.IgnoreAutoIncludes().OrderByDescending(d => d.CreatedAtUtc).Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        return new Page<DriveSummary>(rows.Select(d => new DriveSummary(d.Id, d.OrganizationId, d.Title, d.Designation, d.StatusAt(now),
            d.MoneyTargetFen, ChinaTime.ToChina(d.EndsAtUtc))).ToList(), total);
    }
}
