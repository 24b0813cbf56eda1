namespace WechatCare.Domain.Organizations;

public enum OrganizationKind { Association, School, Community, University }

/// <summary>A volunteer association, a school, a community centre (留守儿童之家) or a university club.</summary>
public sealed class Organization
{
    private Organization() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public string Region { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }

    public static Organization Create(string name, OrganizationKind kind, string region, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = name.Trim(),
        Kind = kind,
        Region = region.Trim(),
        CreatedAtUtc = now.UtcDateTime,
    };
}
