using WechatCare.Domain.Common;

namespace WechatCare.Domain.Volunteers;

public enum VolunteerKind { Student, Social }

/// <summary>
/// A person's volunteer card: who they are for the organisations they serve. The phone is field-encrypted with a keyed
/// hash beside it (for matching paper records). Under 14 nobody registers; 14–17 needs a guardian's consent on file.
/// </summary>
public sealed class VolunteerProfile
{
    public const int MinimumAge = 14, AdultAge = 18;

    private VolunteerProfile() { }

    public Guid UserId { get; private set; }
    public string RealName { get; private set; } = "";
    public string PhoneCipher { get; private set; } = "";
    public string PhoneHash { get; private set; } = "";
    public VolunteerKind Kind { get; private set; }
    public string? School { get; private set; }
    /// <summary>Skills as a comma-separated list (cooking, first-aid, psychology, teaching…).</summary>
    public string Skills { get; private set; } = "";
    /// <summary>Null until the volunteer gives it (CONTRACT.md's profile has no birth date); signing up needs it.</summary>
    public DateOnly? BirthDate { get; private set; }
    public string? GuardianConsentBy { get; private set; }
    public string? GuardianConsentRelation { get; private set; }
    public DateTime? GuardianConsentAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public IReadOnlyList<string> SkillList => Skills.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool HasGuardianConsent => GuardianConsentAtUtc is not null;

    public static VolunteerProfile For(Guid userId) => new() { UserId = userId };

    public void Update(string realName, string phoneCipher, string phoneHash, VolunteerKind kind, string? school,
        IEnumerable<string> skills, DateOnly? birthDate, DateTimeOffset now)
    {
        var age = birthDate is { } born ? AgeOn(born, ChinaTime.DateOf(now)) : (int?)null;
        if (age < MinimumAge)
            throw new DomainException("volunteer_too_young", $"未满 {MinimumAge} 周岁不能注册为志愿者",
                new Dictionary<string, object?> { ["required"] = MinimumAge, ["actual"] = age });
        RealName = realName.Trim();
        PhoneCipher = phoneCipher;
        PhoneHash = phoneHash;
        Kind = kind;
        School = string.IsNullOrWhiteSpace(school) ? null : school.Trim();
        Skills = string.Join(',', skills.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct());
        BirthDate = birthDate ?? BirthDate;   // a client that does not send it keeps the one given before
        UpdatedAtUtc = now.UtcDateTime;
    }

    public void RecordGuardianConsent(string by, string relation, DateTimeOffset now)
    {
        GuardianConsentBy = by.Trim();
        GuardianConsentRelation = relation.Trim();
        GuardianConsentAtUtc = now.UtcDateTime;
    }

    public int? AgeOn(DateTimeOffset instant) => BirthDate is { } born ? AgeOn(born, ChinaTime.DateOf(instant)) : null;

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }
}
