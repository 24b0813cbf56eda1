using WechatCare.Domain.Common;

namespace WechatCare.Domain.Donations;

/// <summary>
/// One line of an activity's budget (路费 400, 横幅 80×2 …): planned = quantity × unit price. The activity is a plain id
/// (the Activities feature lives elsewhere); the organisation scopes who may see and change it.
/// </summary>
public sealed class BudgetLine
{
    private BudgetLine() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid ActivityId { get; private set; }
    public string Category { get; private set; } = "";
    public string Note { get; private set; } = "";
    public int Quantity { get; private set; }
    public long UnitPriceFen { get; private set; }
    public long PlannedFen { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public static BudgetLine Plan(Guid organizationId, Guid activityId, string category, string note, int quantity, long unitPriceFen, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = organizationId,
        ActivityId = activityId,
        Category = category.Trim(),
        Note = note.Trim(),
        Quantity = quantity,
        UnitPriceFen = unitPriceFen,
        PlannedFen = checked(quantity * unitPriceFen),
        CreatedAtUtc = now.UtcDateTime,
    };
}

/// <summary>
/// Money spent from a drive, optionally against a budget line. Append-only, like the ledger entry it causes: a wrong
/// expense is corrected by a reversal (a new expense with the opposite amount that names the one it reverses).
/// </summary>
public sealed class Expense
{
    private Expense() { }

    public Guid Id { get; private set; }
    public Guid DriveId { get; private set; }
    public Guid? BudgetLineId { get; private set; }
    public string Category { get; private set; } = "";
    public long AmountFen { get; private set; }
    /// <summary>Internal note for the organisation; never shown on the public page (it is free text).</summary>
    public string Note { get; private set; } = "";
    public string EvidenceRef { get; private set; } = "";
    public Guid? ReversesExpenseId { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTime SpentAtUtc { get; private set; }

    public Expense Reverse(string reason, Guid by, DateTimeOffset now)
    {
        if (ReversesExpenseId is not null) throw new DomainException("expense_is_reversal", "冲销记录本身不能再冲销");
        var reversal = Record(DriveId, BudgetLineId, Category, -AmountFen, reason, EvidenceRef, by, now);
        reversal.ReversesExpenseId = Id;
        return reversal;
    }

    public static Expense Record(Guid driveId, Guid? budgetLineId, string category, long amountFen, string note, string evidenceRef, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        DriveId = driveId,
        BudgetLineId = budgetLineId,
        Category = category.Trim(),
        AmountFen = amountFen,
        Note = note.Trim(),
        EvidenceRef = evidenceRef.Trim(),
        RecordedBy = by,
        SpentAtUtc = now.UtcDateTime,
    };
}
