using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Donations;

/// <summary>Everything an organizer exports to Excel for a drive: pledges, receipts and expenses, with real names.</summary>
public sealed record DriveExport(string Title, IReadOnlyList<PledgeView> Pledges, IReadOnlyList<ReceiptView> Receipts,
    IReadOnlyList<ExpenseView> Expenses, IReadOnlyDictionary<Guid, string> ItemNames);

public sealed record ExportDriveQuery(Guid CallerId, Guid DriveId) : IQuery<DriveExport>;

public sealed class ExportDriveHandler(CareDb db) : IQueryHandler<ExportDriveQuery, DriveExport>
{
    public async ValueTask<DriveExport> Handle(ExportDriveQuery query, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(query.DriveId, query.CallerId, ct);
        var pledges = await db.Pledges.Where(p => p.DriveId == drive.Id).OrderBy(p => p.CreatedAtUtc).ThenBy(p => p.Id).ToListAsync(ct);
        var receipts = await db.Receipts.Where(r => r.DriveId == drive.Id).OrderBy(r => r.Year).ThenBy(r => r.Sequence).ToListAsync(ct);
        var receiptViews = new List<ReceiptView>();
        foreach (var receipt in receipts) receiptViews.Add(await ReceiptViews.ViewAsync(db, receipt, ct));
        var expenses = await db.Expenses.Where(e => e.DriveId == drive.Id).OrderBy(e => e.SpentAtUtc).ThenBy(e => e.Id).ToListAsync(ct);
        return new DriveExport(drive.Title, pledges.Select(PledgeView.From).ToList(), receiptViews,
            expenses.Select(ExpenseView.From).ToList(), drive.Items.ToDictionary(i => i.Id, i => $"{i.Name}（{i.Unit}）"));
    }
}
