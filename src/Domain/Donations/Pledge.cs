using WechatCare.Domain.Common;

namespace WechatCare.Domain.Donations;

public enum PledgeStatus { Pledged, Received, Distributed, Cancelled }

/// <summary>
/// One entry of the 接龙: a donor promises money and/or things. A logged-in donor has <see cref="DonorUserId"/>; an
/// offline gift entered by an organizer has only <see cref="DonorName"/>. <see cref="Anonymous"/> donors are shown
/// publicly as 爱心人士. Amounts on the pledge are the current state; every change is also a <see cref="LedgerEntry"/>.
/// </summary>
public sealed class Pledge
{
    public const string AnonymousName = "爱心人士";

    private Pledge() { }

    public Guid Id { get; private set; }
    public Guid DriveId { get; private set; }
    public Guid? DonorUserId { get; private set; }
    public string DonorName { get; private set; } = "";
    public bool Anonymous { get; private set; }
    public bool WantsReceipt { get; private set; }
    public long AmountFen { get; private set; }
    public long ReceivedFen { get; private set; }
    public PledgeStatus Status { get; private set; }
    public Guid EnteredBy { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? ReceivedAtUtc { get; private set; }
    public DateTime? DistributedAtUtc { get; private set; }
    public DateTime? CancelledAtUtc { get; private set; }
    public DateTime? ReminderSentAtUtc { get; private set; }
    /// <summary>Where the things went: an activity (plain id) and/or a class name — never a child.</summary>
    public Guid? DistributedToActivityId { get; private set; }
    public string? DistributedToClass { get; private set; }
    public List<PledgeLine> Lines { get; private set; } = [];

    public string PublicName => Anonymous ? AnonymousName : DonorName;

    public static Pledge Create(Drive drive, Guid? donorUserId, string donorName, bool anonymous, bool wantsReceipt, long amountFen,
        IReadOnlyList<(DriveItem Item, int Quantity, string? Size)> lines, Guid enteredBy, DateTimeOffset now)
    {
        if (amountFen == 0 && lines.Count == 0) throw new DomainException("pledge_empty", "请填写认捐金额或物品");
        if (wantsReceipt && amountFen < drive.ReceiptThresholdFen)
            throw ReceiptBelowThreshold(drive.ReceiptThresholdFen, amountFen);
        var pledge = new Pledge
        {
            Id = Guid.CreateVersion7(),
            DriveId = drive.Id,
            DonorUserId = donorUserId,
            DonorName = donorName.Trim(),
            Anonymous = anonymous,
            WantsReceipt = wantsReceipt,
            AmountFen = amountFen,
            Status = PledgeStatus.Pledged,
            EnteredBy = enteredBy,
            CreatedAtUtc = now.UtcDateTime,
        };
        foreach (var (item, quantity, size) in lines)
        {
            if (item.SizeList.Count > 0 && (size is null || !item.SizeList.Contains(size)))
                throw new DomainException("item_size_required", $"请为“{item.Name}”选择尺码：{string.Join("、", item.SizeList)}");
            pledge.Lines.Add(PledgeLine.Create(pledge.Id, item.Id, quantity, item.SizeList.Count > 0 ? size : null));
        }
        return pledge;
    }

    public static DomainException ReceiptBelowThreshold(long thresholdFen, long amountFen) => new(
        "receipt_below_threshold", $"捐赠金额达到 {Money.Yuan(thresholdFen)} 元才能开具捐赠票据",
        new Dictionary<string, object?> { ["required"] = thresholdFen, ["actual"] = amountFen });

    public void Cancel(DateTimeOffset now)
    {
        if (Status == PledgeStatus.Cancelled) throw new ConflictException("pledge_cancelled", "该认捐已经取消");
        if (Status != PledgeStatus.Pledged) throw new ConflictException("pledge_already_received", "物资或善款已经收到，不能再取消");
        Status = PledgeStatus.Cancelled;
        CancelledAtUtc = now.UtcDateTime;
    }

    /// <summary>
    /// Records what arrived. When nothing did (no money, no things) the pledge is cancelled instead: the donor must not
    /// be thanked for a gift that never came, and its whole share goes back to the slots.
    /// </summary>
    public void Receive(long receivedFen, IReadOnlyDictionary<Guid, int> receivedQuantities, DateTimeOffset now)
    {
        if (Status == PledgeStatus.Cancelled) throw new ConflictException("pledge_cancelled", "该认捐已经取消");
        if (Status != PledgeStatus.Pledged) throw new ConflictException("pledge_already_received", "该认捐已经登记过到账");
        foreach (var itemId in receivedQuantities.Keys.Where(id => Lines.All(l => l.ItemId != id)))
            throw new DomainException("item_not_in_pledge", "到货物品不在这笔认捐中", new Dictionary<string, object?> { ["itemId"] = itemId });
        if (receivedFen == 0 && Lines.All(l => receivedQuantities.GetValueOrDefault(l.ItemId) == 0))
        {
            Cancel(now);
            return;
        }
        ReceivedFen = receivedFen;
        foreach (var line in Lines) line.Receive(receivedQuantities.GetValueOrDefault(line.ItemId));
        Status = PledgeStatus.Received;
        ReceivedAtUtc = now.UtcDateTime;
    }

    /// <summary>Corrects a mistyped received amount; the caller records the difference as a new ledger entry.</summary>
    public long CorrectReceivedFen(long receivedFen)
    {
        if (Status is not (PledgeStatus.Received or PledgeStatus.Distributed))
            throw new ConflictException("pledge_not_received", "这笔认捐还没有登记到账");
        var difference = receivedFen - ReceivedFen;
        ReceivedFen = receivedFen;
        return difference;
    }

    public void Distribute(Guid? activityId, string? className, DateTimeOffset now)
    {
        if (Status != PledgeStatus.Received) throw new ConflictException("pledge_not_received", "只有已到货的认捐可以登记发放");
        if (Lines.Sum(l => l.ReceivedQuantity) == 0) throw new DomainException("nothing_to_distribute", "这笔认捐没有可发放的物品");
        DistributedToActivityId = activityId;
        DistributedToClass = className?.Trim();
        Status = PledgeStatus.Distributed;
        DistributedAtUtc = now.UtcDateTime;
    }
}

public sealed class PledgeLine
{
    private PledgeLine() { }

    public Guid Id { get; private set; }
    public Guid PledgeId { get; private set; }
    public Guid ItemId { get; private set; }
    public int Quantity { get; private set; }
    public string? Size { get; private set; }
    public int ReceivedQuantity { get; private set; }

    internal static PledgeLine Create(Guid pledgeId, Guid itemId, int quantity, string? size) => new()
    {
        Id = Guid.CreateVersion7(), PledgeId = pledgeId, ItemId = itemId, Quantity = quantity, Size = size,
    };

    internal void Receive(int quantity) => ReceivedQuantity = quantity;

    /// <summary>Promised but not delivered: this share goes back to the item slot once the delivery is recorded.</summary>
    internal int Shortfall => Math.Max(Quantity - ReceivedQuantity, 0);
}
