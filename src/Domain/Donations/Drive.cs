using WechatCare.Domain.Common;

namespace WechatCare.Domain.Donations;

public enum DriveStatus { Draft, Open, Closed }

/// <summary>
/// A donation drive (募捐): money and/or things for a designation such as 爱心助学. Pledges are taken while it is open.
/// <see cref="ActivityId"/> links the drive to an activity and its budget; it is a plain id without a foreign key,
/// because the Activities feature is built separately (the link is checked by organisation, not by constraint).
/// </summary>
public sealed class Drive
{
    public const long DefaultReceiptThresholdFen = 20_000;

    private Drive() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Designation { get; private set; } = "";
    public long MoneyTargetFen { get; private set; }
    public long ReceiptThresholdFen { get; private set; }
    public Guid? ActivityId { get; private set; }
    public DriveStatus Status { get; private set; }
    public DateTime? StartsAtUtc { get; private set; }
    public DateTime EndsAtUtc { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public List<DriveItem> Items { get; private set; } = [];

    public static Drive Create(Guid organizationId, string title, string description, string designation, long moneyTargetFen,
        long receiptThresholdFen, Guid? activityId, DateTimeOffset? startsAt, DateTimeOffset endsAt, Guid createdBy, DateTimeOffset now)
    {
        if (startsAt is not null && startsAt >= endsAt)
            throw new DomainException("drive_dates_invalid", "募捐的结束时间必须晚于开始时间");
        if (endsAt <= now) throw new DomainException("drive_dates_invalid", "募捐的结束时间必须在将来");
        return new Drive
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Title = title.Trim(),
            Description = description.Trim(),
            Designation = designation.Trim(),
            MoneyTargetFen = moneyTargetFen,
            ReceiptThresholdFen = receiptThresholdFen,
            ActivityId = activityId,
            Status = DriveStatus.Draft,
            StartsAtUtc = startsAt?.UtcDateTime,
            EndsAtUtc = endsAt.UtcDateTime,
            CreatedBy = createdBy,
            CreatedAtUtc = now.UtcDateTime,
        };
    }

    public DriveItem AddItem(string name, string unit, int target, IReadOnlyList<string>? sizes, bool allowOverPledge)
    {
        var item = DriveItem.Create(Id, Items.Count + 1, name, unit, target, sizes, allowOverPledge);
        Items.Add(item);
        return item;
    }

    public void Open(DateTimeOffset now)
    {
        if (Status != DriveStatus.Draft) throw new ConflictException("drive_not_draft", "只有草稿状态的募捐可以发布");
        // It would show as closed at once and take no pledge.
        if (now.UtcDateTime >= EndsAtUtc) throw new DomainException("drive_ended", "该募捐的结束时间已经过去，不能发布");
        Status = DriveStatus.Open;
    }

    public void Close()
    {
        if (Status != DriveStatus.Open) throw new ConflictException("drive_not_open", "只有进行中的募捐可以结束");
        Status = DriveStatus.Closed;
    }

    public void EnsureTakesPledges(DateTimeOffset now)
    {
        if (Status != DriveStatus.Open) throw new DomainException("drive_not_open", "该募捐当前不接受认捐");
        if (StartsAtUtc is { } starts && now.UtcDateTime < starts) throw new DomainException("drive_not_started", "该募捐尚未开始");
        if (now.UtcDateTime >= EndsAtUtc) throw new DomainException("drive_ended", "该募捐已经截止");
    }

    /// <summary>
    /// The status people see: an open drive whose end has passed is closed, with no job having to close it (queries
    /// use the same rule, see <c>ListDrivesHandler</c>).
    /// </summary>
    public DriveStatus StatusAt(DateTimeOffset now) => Status == DriveStatus.Open && now.UtcDateTime >= EndsAtUtc ? DriveStatus.Closed : Status;

    /// <summary>Drafts are for the organisation's staff only; the public sees a drive once it is open.</summary>
    public bool IsPublic => Status != DriveStatus.Draft;
}

/// <summary>
/// A slot of things the drive asks for ("儿童牙刷、牙膏 75 套"). <see cref="Pledged"/> is a counter moved only by conditional
/// UPDATE statements (see <c>CareDb.TryPledgeItem</c>) so concurrent pledges never exceed <see cref="Target"/>.
/// </summary>
public sealed class DriveItem
{
    private DriveItem() { }

    public Guid Id { get; private set; }
    public Guid DriveId { get; private set; }
    /// <summary>1, 2, 3… in the order the organizer listed the items.</summary>
    public int Position { get; private set; }
    public string Name { get; private set; } = "";
    public string Unit { get; private set; } = "";
    public int Target { get; private set; }
    /// <summary>Sizes donors choose from (e.g. 书包 "小号,中号"), comma-separated; empty when the item has none.</summary>
    public string Sizes { get; private set; } = "";
    /// <summary>The length of the <see cref="Sizes"/> column; the validator checks the joined sizes against it.</summary>
    public const int SizesMaxLength = 200;
    public bool AllowOverPledge { get; private set; }
    public int Pledged { get; private set; }
    public int Received { get; private set; }
    public int Distributed { get; private set; }

    public IReadOnlyList<string> SizeList => Sizes.Length == 0 ? [] : Sizes.Split(',');

    internal static DriveItem Create(Guid driveId, int position, string name, string unit, int target, IReadOnlyList<string>? sizes, bool allowOverPledge) => new()
    {
        Id = Guid.CreateVersion7(),
        DriveId = driveId,
        Position = position,
        Name = name.Trim(),
        Unit = unit.Trim(),
        Target = target,
        Sizes = JoinSizes(sizes),
        AllowOverPledge = allowOverPledge,
    };

    /// <summary>How sizes are stored; null entries (refused by the validator, which still runs this) are skipped.</summary>
    internal static string JoinSizes(IReadOnlyList<string>? sizes) =>
        string.Join(',', (sizes ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct());
}
