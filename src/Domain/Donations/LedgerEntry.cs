namespace WechatCare.Domain.Donations;

/// <summary>Which running total an entry moves.</summary>
public enum LedgerAccount { Pledged, Received, Distributed, Spent }

/// <summary>
/// The append-only ledger of a drive: every change to money or quantities is one row, never updated or deleted; a
/// correction (a cancelled pledge) is a new row with the opposite sign. Totals shown anywhere are sums of this table,
/// and the counters on <see cref="DriveItem"/> and <see cref="Pledge"/> must always agree with it (tested).
/// An entry moves either money (<see cref="AmountFen"/>, no item) or a quantity of one item.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry() { }

    public Guid Id { get; private set; }
    public Guid DriveId { get; private set; }
    public LedgerAccount Account { get; private set; }
    public long AmountFen { get; private set; }
    public Guid? ItemId { get; private set; }
    public int Quantity { get; private set; }
    public Guid? PledgeId { get; private set; }
    public Guid? ExpenseId { get; private set; }
    public string Reason { get; private set; } = "";
    public Guid RecordedBy { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    public static LedgerEntry Money(Guid driveId, LedgerAccount account, long amountFen, string reason, Guid by, DateTimeOffset now,
        Guid? pledgeId = null, Guid? expenseId = null) =>
        new() { Id = Guid.CreateVersion7(), DriveId = driveId, Account = account, AmountFen = amountFen, PledgeId = pledgeId,
            ExpenseId = expenseId, Reason = reason, RecordedBy = by, RecordedAtUtc = now.UtcDateTime };

    public static LedgerEntry Items(Guid driveId, LedgerAccount account, Guid itemId, int quantity, string reason, Guid by, DateTimeOffset now,
        Guid pledgeId) =>
        new() { Id = Guid.CreateVersion7(), DriveId = driveId, Account = account, ItemId = itemId, Quantity = quantity, PledgeId = pledgeId,
            Reason = reason, RecordedBy = by, RecordedAtUtc = now.UtcDateTime };
}
