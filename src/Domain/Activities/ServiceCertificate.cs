using System.Security.Cryptography;

namespace WechatCare.Domain.Activities;

/// <summary>
/// An issued 志愿服务记录证明: a snapshot of what it said when issued, found by its verification code at a public route
/// so anyone holding the paper can check it is genuine.
/// </summary>
public sealed class ServiceCertificate
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private ServiceCertificate() { }

    public Guid Id { get; private set; }
    public string VerificationCode { get; private set; } = "";
    public Guid VolunteerId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string VolunteerName { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public int ActivitiesAttended { get; private set; }
    public int HalfHours { get; private set; }
    public DateTime IssuedAtUtc { get; private set; }

    public static ServiceCertificate Issue(Guid volunteerId, Guid organizationId, string volunteerName, string organizationName,
        int activitiesAttended, int halfHours, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        VerificationCode = new string(RandomNumberGenerator.GetItems<char>(Alphabet, 12)),
        VolunteerId = volunteerId,
        OrganizationId = organizationId,
        VolunteerName = volunteerName,
        OrganizationName = organizationName,
        ActivitiesAttended = activitiesAttended,
        HalfHours = halfHours,
        IssuedAtUtc = now.UtcDateTime,
    };
}
