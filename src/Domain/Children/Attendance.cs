namespace WechatCare.Domain.Children;

public enum AttendancePlace { School, CareHome, Activity }

public enum AttendanceStatus { Present, Absent, Late, Leave }

/// <summary>
/// A child's attendance on one date at one place (unique per child, date and place). A batch that says the same
/// again changes nothing; a batch that says something else keeps the old values as an <see cref="AttendanceCorrection"/>.
/// </summary>
public sealed class AttendanceRecord
{
    private AttendanceRecord() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public DateOnly Date { get; private set; }
    public AttendancePlace Place { get; private set; }
    public AttendanceStatus Status { get; private set; }
    public DateTime? CheckInAtUtc { get; private set; }
    public DateTime? CheckOutAtUtc { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    public static AttendanceRecord Record(Guid childId, Guid organizationId, DateOnly date, AttendancePlace place, AttendanceStatus status,
        DateTime? checkInUtc, DateTime? checkOutUtc, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ChildId = childId,
        OrganizationId = organizationId,
        Date = date,
        Place = place,
        Status = status,
        CheckInAtUtc = checkInUtc,
        CheckOutAtUtc = checkOutUtc,
        RecordedBy = by,
        RecordedAtUtc = now.UtcDateTime,
    };

    public bool Says(AttendanceStatus status, DateTime? checkInUtc, DateTime? checkOutUtc) =>
        Status == status && CheckInAtUtc == checkInUtc && CheckOutAtUtc == checkOutUtc;

    /// <summary>Changes the record and returns the correction that keeps what it said before.</summary>
    public AttendanceCorrection Correct(AttendanceStatus status, DateTime? checkInUtc, DateTime? checkOutUtc, Guid by, DateTimeOffset now)
    {
        var correction = AttendanceCorrection.Of(this, by, now);
        Status = status;
        CheckInAtUtc = checkInUtc;
        CheckOutAtUtc = checkOutUtc;
        RecordedBy = by;
        RecordedAtUtc = now.UtcDateTime;
        return correction;
    }
}

/// <summary>What an attendance record said before a correction, who changed it and when (append-only; erased with the child).</summary>
public sealed class AttendanceCorrection : Data.IAppendOnly
{
    private AttendanceCorrection() { }

    public Guid Id { get; private set; }
    public Guid RecordId { get; private set; }
    public Guid ChildId { get; private set; }
    public AttendanceStatus PreviousStatus { get; private set; }
    public DateTime? PreviousCheckInAtUtc { get; private set; }
    public DateTime? PreviousCheckOutAtUtc { get; private set; }
    public Guid PreviousRecordedBy { get; private set; }
    public Guid CorrectedBy { get; private set; }
    public DateTime CorrectedAtUtc { get; private set; }

    public static AttendanceCorrection Of(AttendanceRecord record, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        RecordId = record.Id,
        ChildId = record.ChildId,
        PreviousStatus = record.Status,
        PreviousCheckInAtUtc = record.CheckInAtUtc,
        PreviousCheckOutAtUtc = record.CheckOutAtUtc,
        PreviousRecordedBy = record.RecordedBy,
        CorrectedBy = by,
        CorrectedAtUtc = now.UtcDateTime,
    };
}
