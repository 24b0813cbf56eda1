namespace WechatCare.Domain.Donations;

/// <summary>
/// A donation receipt (捐赠收据). <see cref="Sequence"/> runs 1, 2, 3… per organisation and calendar year (Shanghai) with
/// no gaps: it is taken from <see cref="ReceiptCounter"/> inside the transaction that writes the receipt, so a failed
/// issue rolls its number back. <see cref="VerificationCode"/> is the unguessable part of the public verification link.
/// </summary>
public sealed class Receipt
{
    private Receipt() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    public int Sequence { get; private set; }
    public string Number { get; private set; } = "";
    public Guid DriveId { get; private set; }
    public Guid PledgeId { get; private set; }
    public Guid? DonorUserId { get; private set; }
    public string DonorName { get; private set; } = "";
    public long AmountFen { get; private set; }
    public string AmountInWords { get; private set; } = "";
    public string Designation { get; private set; } = "";
    public string VerificationCode { get; private set; } = "";
    public Guid IssuedBy { get; private set; }
    public DateTime IssuedAtUtc { get; private set; }

    public static Receipt Issue(Drive drive, Pledge pledge, string donorName, int year, int sequence, Guid issuedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = drive.OrganizationId,
        Year = year,
        Sequence = sequence,
        Number = $"{year}-{sequence:D6}",
        DriveId = drive.Id,
        PledgeId = pledge.Id,
        DonorUserId = pledge.DonorUserId,
        DonorName = donorName,
        AmountFen = pledge.ReceivedFen,
        AmountInWords = ChineseCapitals.FromFen(pledge.ReceivedFen),
        Designation = drive.Designation,
        VerificationCode = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        IssuedBy = issuedBy,
        IssuedAtUtc = now.UtcDateTime,
    };
}

/// <summary>The last receipt number used per organisation and year; moved only by a conditional UPDATE in a transaction.</summary>
public sealed class ReceiptCounter
{
    private ReceiptCounter() { }

    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    public int Last { get; private set; }

    public static ReceiptCounter Start(Guid organizationId, int year) => new() { OrganizationId = organizationId, Year = year };
}
