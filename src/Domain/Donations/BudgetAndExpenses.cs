using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

public sealed record AddBudgetLineCommand(Guid CallerId, Guid OrganizationId, Guid ActivityId, string Category, string Note, int Quantity, long UnitPriceFen)
    : ICommand<BudgetLineView>;

public sealed record BudgetLineView(Guid Id, Guid ActivityId, string Category, string Note, int Quantity, long UnitPriceFen, long PlannedFen, long SpentFen);

public sealed record BudgetView(Guid OrganizationId, Guid ActivityId, IReadOnlyList<BudgetLineView> Lines, long PlannedFen, long SpentFen);

public sealed class AddBudgetLineValidator : AbstractValidator<AddBudgetLineCommand>
{
    public AddBudgetLineValidator()
    {
        RuleFor(c => c.Category).Must(SpendingCategories.IsKnown).WithMessage(SpendingCategories.Refusal);
        RuleFor(c => c.Note).NotNull().MaximumLength(200);
        RuleFor(c => c.Quantity).InclusiveBetween(1, 100_000).WithMessage("数量必须在 1 到 100000 之间");
        RuleFor(c => c.UnitPriceFen).ValidFen();
        RuleFor(c => c).Must(c => (decimal)c.Quantity * c.UnitPriceFen <= Money.MaxFen).WithName("unitPriceFen")
            .WithMessage("数量 × 单价 超过 1 亿元");
    }
}

public sealed class AddBudgetLineHandler(CareDb db, TimeProvider clock) : ICommandHandler<AddBudgetLineCommand, BudgetLineView>
{
    public async ValueTask<BudgetLineView> Handle(AddBudgetLineCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        var line = BudgetLine.Plan(cmd.OrganizationId, cmd.ActivityId, cmd.Category, cmd.Note, cmd.Quantity, cmd.UnitPriceFen, clock.GetUtcNow());
        db.BudgetLines.Add(line);
        await db.SaveChangesAsync(ct);
        return new BudgetLineView(line.Id, line.ActivityId, line.Category, line.Note, line.Quantity, line.UnitPriceFen, line.PlannedFen, 0);
    }
}

public sealed record GetBudgetQuery(Guid CallerId, Guid OrganizationId, Guid ActivityId) : IQuery<BudgetView>;

public sealed class GetBudgetHandler(CareDb db) : IQueryHandler<GetBudgetQuery, BudgetView>
{
    public async ValueTask<BudgetView> Handle(GetBudgetQuery query, CancellationToken ct)
    {
        await db.RequireRoleAsync(query.CallerId, query.OrganizationId, Access.Staff, ct);
        return await Budgets.ForActivityAsync(db, query.OrganizationId, query.ActivityId, ct);
    }
}

public static class Budgets
{
    /// <summary>Planned vs spent per line: spent is the sum of the expenses recorded against the line.</summary>
    public static async Task<BudgetView> ForActivityAsync(CareDb db, Guid organizationId, Guid activityId, CancellationToken ct)
    {
        var lines = await db.BudgetLines.Where(l => l.OrganizationId == organizationId && l.ActivityId == activityId)
            .OrderBy(l => l.CreatedAtUtc).ThenBy(l => l.Id).ToListAsync(ct);
        var lineIds = lines.Select(l => l.Id).ToList();
        var spent = await db.Expenses.Where(e => e.BudgetLineId != null && lineIds.Contains(e.BudgetLineId.Value))
            .GroupBy(e => e.BudgetLineId!.Value).Select(g => new { g.Key, Fen = g.Sum(e => e.AmountFen) }).ToDictionaryAsync(x => x.Key, x => x.Fen, ct);
        var views = lines.Select(l => new BudgetLineView(l.Id, l.ActivityId, l.Category, l.Note, l.Quantity, l.UnitPriceFen, l.PlannedFen,
            spent.GetValueOrDefault(l.Id))).ToList();
        return new BudgetView(organizationId, activityId, views, views.Sum(v => v.PlannedFen), views.Sum(v => v.SpentFen));
    }
}

public sealed record RecordExpenseCommand(Guid CallerId, Guid DriveId, string Category, long AmountFen, string Note, string EvidenceRef, Guid? BudgetLineId)
    : ICommand<ExpenseView>;

public sealed record ExpenseView(Guid Id, Guid DriveId, Guid? BudgetLineId, string Category, long AmountFen, string Note, string EvidenceRef,
    Guid? ReversesExpenseId, DateTimeOffset SpentAt)
{
    public static ExpenseView From(Expense e) =>
        new(e.Id, e.DriveId, e.BudgetLineId, e.Category, e.AmountFen, e.Note, e.EvidenceRef, e.ReversesExpenseId, ChinaTime.ToChina(e.SpentAtUtc));
}

public sealed class RecordExpenseValidator : AbstractValidator<RecordExpenseCommand>
{
    public RecordExpenseValidator()
    {
        RuleFor(c => c.Category).Must(SpendingCategories.IsKnown).WithMessage(SpendingCategories.Refusal);
        RuleFor(c => c.AmountFen).ValidFen().GreaterThan(0).WithMessage("支出金额必须大于 0");
        RuleFor(c => c.Note).NotNull().MaximumLength(500);
        RuleFor(c => c.EvidenceRef).NotNull().MaximumLength(200);
    }
}

public sealed class RecordExpenseHandler(CareDb db, TimeProvider clock) : ICommandHandler<RecordExpenseCommand, ExpenseView>
{
    public async ValueTask<ExpenseView> Handle(RecordExpenseCommand cmd, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        if (cmd.BudgetLineId is { } lineId && !await db.BudgetLines.AnyAsync(l => l.Id == lineId && l.OrganizationId == drive.OrganizationId, ct))
            throw new NotFoundException("该预算项");
        var now = clock.GetUtcNow();
        return await db.InDonationTransaction(async () =>
        {
            var expense = Expense.Record(drive.Id, cmd.BudgetLineId, cmd.Category, cmd.AmountFen, cmd.Note, cmd.EvidenceRef, cmd.CallerId, now);
            db.Expenses.Add(expense);
            db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Spent, expense.AmountFen, "expense", cmd.CallerId, now, expenseId: expense.Id));
            await db.SaveChangesAsync(ct);
            return ExpenseView.From(expense);
        }, ct);
    }
}

/// <summary>Corrects a wrong expense with a new, opposite entry; the original stays as it was.</summary>
public sealed record ReverseExpenseCommand(Guid CallerId, Guid DriveId, Guid ExpenseId, string Reason) : ICommand<ExpenseView>;

public sealed class ReverseExpenseValidator : AbstractValidator<ReverseExpenseCommand>
{
    public ReverseExpenseValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
}

public sealed class ReverseExpenseHandler(CareDb db, TimeProvider clock) : ICommandHandler<ReverseExpenseCommand, ExpenseView>
{
    public async ValueTask<ExpenseView> Handle(ReverseExpenseCommand cmd, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var now = clock.GetUtcNow();
        try
        {
            return await db.InDonationTransaction(async () =>
            {
                var original = await db.Expenses.FirstOrDefaultAsync(e => e.Id == cmd.ExpenseId && e.DriveId == drive.Id, ct) ?? throw new NotFoundException("该支出");
                if (await db.Expenses.AnyAsync(e => e.ReversesExpenseId == original.Id, ct)) throw AlreadyReversed();
                var reversal = original.Reverse(cmd.Reason, cmd.CallerId, now);
                db.Expenses.Add(reversal);
                db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Spent, reversal.AmountFen, "reverse-expense", cmd.CallerId, now, expenseId: reversal.Id));
                await db.SaveChangesAsync(ct);
                return ExpenseView.From(reversal);
            }, ct);
        }
        catch (DbUpdateException)
        {
            throw AlreadyReversed();   // a concurrent reversal won the unique index
        }
    }

    private static ConflictException AlreadyReversed() => new("expense_already_reversed", "这笔支出已经冲销过了");
}
