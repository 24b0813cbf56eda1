using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Donations;

/// <summary>
/// The public page of a drive (no login). Aggregated so that no child can be identified: it shows totals, per-item
/// counts, the 接龙 (anonymous donors as 爱心人士) and expenses by category and amount. Free text that organizers type
/// (expense notes, evidence references, the class a gift went to) never appears here; categories come from the fixed
/// <see cref="SpendingCategories"/> list, and an older free-text one is shown as 其他.
/// Reconciles to the fen: raised − spent = balance, and the expense list sums to spent.
/// </summary>
public sealed record TransparencyView(
    Guid DriveId, string Title, string OrganizationName, string Description, string Designation, DriveStatus Status,
    DateTimeOffset EndsAt, long MoneyTargetFen, long PledgedFen, long ReceivedFen, long RaisedFen, long SpentFen, long BalanceFen,
    IReadOnlyList<TransparencyItem> Items, IReadOnlyList<TransparencyDonor> Donors, IReadOnlyList<TransparencyExpense> Expenses,
    IReadOnlyList<TransparencyBudgetLine> Budget);

public sealed record TransparencyItem(string Name, string Unit, int Target, int Pledged, int Received, int Distributed);
public sealed record TransparencyDonor(string Name, long AmountFen, string Items, PledgeStatus Status);
/// <param name="Reversal">A correction of an earlier expense (negative amount).</param>
public sealed record TransparencyExpense(DateOnly Date, string Category, string? BudgetCategory, long AmountFen, bool Reversal);
public sealed record TransparencyBudgetLine(string Category, int Quantity, long UnitPriceFen, long PlannedFen, long SpentFen);

public sealed record GetTransparencyQuery(Guid DriveId) : IQuery<TransparencyView>;

public sealed class GetTransparencyHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetTransparencyQuery, TransparencyView>
{
    public async ValueTask<TransparencyView> Handle(GetTransparencyQuery query, CancellationToken ct)
    {
        var drive = await db.Drives.FirstOrDefaultAsync(d => d.Id == query.DriveId && d.Status != DriveStatus.Draft, ct)
            ?? throw new NotFoundException("该募捐");
        var organization = await db.Organizations.Where(o => o.Id == drive.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var totals = await DriveProgress.TotalsAsync(db, drive.Id, ct);
        var itemNames = drive.Items.ToDictionary(i => i.Id, i => (i.Name, i.Unit));

        var pledges = await db.Pledges.Where(p => p.DriveId == drive.Id && p.Status != PledgeStatus.Cancelled)
            .OrderBy(p => p.CreatedAtUtc).ThenBy(p => p.Id).ToListAsync(ct);
        // Once a delivery is recorded the 接龙 shows what arrived; the shortfall went back to the slot.
        var donors = pledges.Select(p => new TransparencyDonor(p.PublicName, p.AmountFen,
            string.Join("，", p.Lines.Select(l => (l, Quantity: p.Status == PledgeStatus.Pledged ? l.Quantity : l.ReceivedQuantity))
                .Where(x => x.Quantity > 0)
                .Select(x => $"{itemNames[x.l.ItemId].Name} {x.Quantity} {itemNames[x.l.ItemId].Unit}")), p.Status)).ToList();

        var lineCategories = await db.BudgetLines.Where(l => l.OrganizationId == drive.OrganizationId).Select(l => new { l.Id, l.Category })
            .ToDictionaryAsync(l => l.Id, l => SpendingCategories.Public(l.Category), ct);
        var expenses = (await db.Expenses.Where(e => e.DriveId == drive.Id).OrderBy(e => e.SpentAtUtc).ThenBy(e => e.Id).ToListAsync(ct))
            .Select(e => new TransparencyExpense(ChinaTime.DateOf(e.SpentAtUtc), SpendingCategories.Public(e.Category),
                e.BudgetLineId is { } id ? lineCategories.GetValueOrDefault(id) : null, e.AmountFen, e.ReversesExpenseId is not null)).ToList();

        var budget = drive.ActivityId is { } activityId
            ? (await Budgets.ForActivityAsync(db, drive.OrganizationId, activityId, ct)).Lines
                .Select(l => new TransparencyBudgetLine(SpendingCategories.Public(l.Category), l.Quantity, l.UnitPriceFen, l.PlannedFen, l.SpentFen)).ToList()
            : [];

        var items = drive.Items.OrderBy(i => i.Position).Select(i => new TransparencyItem(i.Name, i.Unit, i.Target,
            totals.Quantity(i.Id, LedgerAccount.Pledged), totals.Quantity(i.Id, LedgerAccount.Received), totals.Quantity(i.Id, LedgerAccount.Distributed))).ToList();

        return new TransparencyView(drive.Id, drive.Title, organization, drive.Description, drive.Designation, drive.StatusAt(clock.GetUtcNow()),
            ChinaTime.ToChina(drive.EndsAtUtc), drive.MoneyTargetFen, totals.PledgedFen, totals.ReceivedFen, totals.ReceivedFen,
            totals.SpentFen, totals.BalanceFen, items, donors, expenses, budget);
    }
}
