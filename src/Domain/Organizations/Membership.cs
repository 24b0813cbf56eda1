namespace WechatCare.Domain.Organizations;

public enum Role { Admin, Organizer, Teacher, Volunteer, Parent }

/// <summary>One role a user holds in one organisation. A user may hold several roles in the same organisation.</summary>
public sealed class Membership
{
    private Membership() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public Role Role { get; private set; }
    public Guid? GrantedBy { get; private set; }
    public DateTime GrantedAtUtc { get; private set; }

    public static Membership Grant(Guid organizationId, Guid userId, Role role, Guid? grantedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = organizationId,
        UserId = userId,
        Role = role,
        GrantedBy = grantedBy,
        GrantedAtUtc = now.UtcDateTime,
    };
}
