using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

public enum Gender { Male, Female }

/// <summary>Who is away working: both parents, or only the father / the mother.</summary>
public enum LeftBehindKind { Both, Father, Mother }

public enum ChildStatus { Active, Left, Erased }

/// <summary>The plain fields of a child's archive as a client sends them (encryption happens in <see cref="Child"/>).</summary>
public sealed record GuardianInfo(string Name, string Relation, string Phone, string Address);

public sealed record ParentInfo(string Name, string? Phone, string? WorkCity);

/// <summary>What staff change in an archive; null leaves a field as it is (an empty string clears a text field).</summary>
public sealed record ChildChanges(
    string? Name = null, Gender? Gender = null, DateOnly? BirthDate = null, int? Grade = null, string? ClassName = null, LeftBehindKind? LeftBehind = null,
    GuardianInfo? Guardian = null, IReadOnlyList<ParentInfo>? Parents = null, string? Personality = null, string? Hobbies = null, string? HealthNotes = null);

/// <summary>
/// One left-behind child's archive. Phones, addresses, parents' work places and health notes are stored only as
/// <see cref="FieldCipher"/> text (key id inside); the guardian's phone also as a keyed hash for lookups.
/// The id is random (v4), not time-ordered, so one child's id says nothing about another's.
/// Reading goes through <see cref="ChildVisibility"/> only: it scopes, trims fields and writes the audit row.
/// </summary>
public sealed class Child
{
    private Child() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public Gender Gender { get; private set; }
    public DateOnly BirthDate { get; private set; }
    public int Grade { get; private set; }
    public string ClassName { get; private set; } = "";
    public LeftBehindKind LeftBehind { get; private set; }
    public string GuardianName { get; private set; } = "";
    public string GuardianRelation { get; private set; } = "";
    public string? GuardianPhoneCipher { get; private set; }
    public string? GuardianPhoneHash { get; private set; }
    public string? GuardianAddressCipher { get; private set; }
    public string? Personality { get; private set; }
    public string? Hobbies { get; private set; }
    public string? HealthNotesCipher { get; private set; }
    public ChildStatus Status { get; private set; }
    /// <summary>What the guardian's current consent covers, minus withdrawn scopes (bits of <see cref="ConsentScopes"/>).</summary>
    public int ConsentScopeBits { get; private set; }
    public string ConsentPolicyVersion { get; private set; } = "";
    /// <summary>Scopes withdrawn and hidden, whose data the retention job erases after the grace period.</summary>
    public int PendingErasureBits { get; private set; }
    public DateTime? PendingErasureSinceUtc { get; private set; }
    public DateTime? DeletionRequestedAtUtc { get; private set; }
    public DateTime? LeftAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public Guid CreatedBy { get; private set; }

    public List<ParentContact> Parents { get; private set; } = [];

    public ConsentScopes Scopes => (ConsentScopes)ConsentScopeBits;

    public static Child Register(
        Guid organizationId, string name, Gender gender, DateOnly birthDate, int grade, string className, LeftBehindKind leftBehind,
        GuardianInfo guardian, IEnumerable<ParentInfo> parents, string? personality, string? hobbies, string? healthNotes,
        ConsentScopes scopes, string policyVersion, Guid createdBy, FieldCipher cipher, DateTimeOffset now)
    {
        EnsurePlausibleBirthDate(birthDate, now);
        var child = new Child
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Name = name.Trim(),
            Gender = gender,
            BirthDate = birthDate,
            Grade = grade,
            ClassName = className.Trim(),
            LeftBehind = leftBehind,
            GuardianName = guardian.Name.Trim(),
            GuardianRelation = guardian.Relation.Trim(),
            GuardianPhoneCipher = cipher.Encrypt(NormalizePhone(guardian.Phone)),
            GuardianPhoneHash = cipher.LookupHash(NormalizePhone(guardian.Phone)),
            GuardianAddressCipher = cipher.Encrypt(guardian.Address.Trim()),
            Personality = personality?.Trim(),
            Hobbies = hobbies?.Trim(),
            HealthNotesCipher = string.IsNullOrWhiteSpace(healthNotes) ? null : cipher.Encrypt(healthNotes.Trim()),
            Status = ChildStatus.Active,
            CreatedAtUtc = now.UtcDateTime,
            CreatedBy = createdBy,
        };
        child.Parents = parents.Select(p => ParentContact.For(child.Id, p, cipher)).ToList();
        child.ApplyConsent(scopes, policyVersion);
        return child;
    }

    /// <summary>The archive is for minors: at most <see cref="MaxAge"/> years old on the day of recording.</summary>
    public const int MaxAge = 18;

    /// <summary>
    /// 422 <c>birth_date_implausible</c> for a birth date after today (China date) or one that makes the child an adult
    /// (<see cref="MaxAge"/> or older): a typo such as 2061 or 1961 would otherwise stand in the archive.
    /// </summary>
    public static void EnsurePlausibleBirthDate(DateOnly birthDate, DateTimeOffset now)
    {
        var today = Common.ChinaTime.DateOf(now);
        if (birthDate > today || birthDate <= today.AddYears(-MaxAge))
            throw new Common.DomainException("birth_date_implausible", $"出生日期不合理：不能晚于今天，儿童档案只收录未满 {MaxAge} 周岁的孩子",
                new Dictionary<string, object?> { ["earliest"] = today.AddYears(-MaxAge).AddDays(1), ["latest"] = today });
    }

    /// <summary>
    /// The one form a phone is stored, hashed and searched in: digits only (full-width digits as ASCII), and a mainland
    /// mobile number written with the country code (<c>+86 138 0000 1111</c>, <c>0086…</c>) without it, so the same
    /// phone typed either way is found.
    /// </summary>
    public static string NormalizePhone(string phone)
    {
        var digits = new string(phone.Where(char.IsDigit).Select(d => (char)('0' + (int)char.GetNumericValue(d))).ToArray());
        foreach (var prefix in CountryPrefixes)
            if (digits.Length == prefix.Length + 11 && digits.StartsWith(prefix, StringComparison.Ordinal) && IsMainlandMobile(digits[prefix.Length..]))
                return digits[prefix.Length..];
        return digits;
    }

    private static readonly string[] CountryPrefixes = ["0086", "86"];

    private static bool IsMainlandMobile(string digits) => digits.Length == 11 && digits[0] == '1';

    /// <summary>
    /// Every form a guardian phone may be hashed under: the normalized one, and for a mainland mobile the forms with the
    /// country code that rows written before <see cref="NormalizePhone"/> dropped it still carry (until the retention
    /// job re-encrypts them after a key rotation, or staff edit the guardian).
    /// </summary>
    public static IReadOnlyList<string> PhoneLookupForms(string phone)
    {
        var normalized = NormalizePhone(phone);
        return IsMainlandMobile(normalized) ? [normalized, .. CountryPrefixes.Select(p => p + normalized)] : [normalized];
    }

    public void ApplyConsent(ConsentScopes scopes, string policyVersion)
    {
        ConsentScopeBits = (int)scopes;
        ConsentPolicyVersion = policyVersion;
        // A renewed consent for a scope stops its pending erasure.
        PendingErasureBits &= ~(int)scopes;
        if (PendingErasureBits == 0) PendingErasureSinceUtc = null;
    }

    /// <summary>Hides the withdrawn scopes at once; <see cref="EraseWithdrawnData"/> removes their data later.</summary>
    public void Withdraw(ConsentScopes scopes, DateTimeOffset now)
    {
        ConsentScopeBits &= ~(int)scopes;
        PendingErasureBits |= (int)scopes;
        PendingErasureSinceUtc ??= now.UtcDateTime;
        if (scopes.HasFlag(ConsentScopes.BasicArchive)) DeletionRequestedAtUtc ??= now.UtcDateTime;
    }

    public void EraseWithdrawnData()
    {
        var pending = (ConsentScopes)PendingErasureBits;
        if (pending.HasFlag(ConsentScopes.HealthNotes)) HealthNotesCipher = null;
        if (pending.HasFlag(ConsentScopes.ParentsContact)) Parents.Clear();
        PendingErasureBits = 0;
        PendingErasureSinceUtc = null;
    }

    /// <summary>Applies the fields staff changed (null = unchanged); protected values are encrypted as on registration.</summary>
    public void Update(ChildChanges changes, FieldCipher cipher, DateTimeOffset now)
    {
        if (changes.BirthDate is { } birthDate)
        {
            EnsurePlausibleBirthDate(birthDate, now);
            BirthDate = birthDate;
        }
        if (changes.Name is { } name) Name = name.Trim();
        if (changes.Gender is { } gender) Gender = gender;
        if (changes.Grade is { } grade) Grade = grade;
        if (changes.ClassName is { } className) ClassName = className.Trim();
        if (changes.LeftBehind is { } leftBehind) LeftBehind = leftBehind;
        if (changes.Personality is { } personality) Personality = personality.Trim();
        if (changes.Hobbies is { } hobbies) Hobbies = hobbies.Trim();
        if (changes.Guardian is { } guardian)
        {
            GuardianName = guardian.Name.Trim();
            GuardianRelation = guardian.Relation.Trim();
            GuardianPhoneCipher = cipher.Encrypt(NormalizePhone(guardian.Phone));
            GuardianPhoneHash = cipher.LookupHash(NormalizePhone(guardian.Phone));
            GuardianAddressCipher = cipher.Encrypt(guardian.Address.Trim());
        }
        if (changes.HealthNotes is { } notes) HealthNotesCipher = string.IsNullOrWhiteSpace(notes) ? null : cipher.Encrypt(notes.Trim());
        if (changes.Parents is { } parents)
        {
            Parents.Clear();
            Parents.AddRange(parents.Select(p => ParentContact.For(Id, p, cipher)));
        }
    }

    public void RequestDeletion(DateTimeOffset now) => DeletionRequestedAtUtc ??= now.UtcDateTime;

    /// <summary>The guardian changed their mind within the grace period (they renewed their consent to the archive).</summary>
    public void CancelDeletionRequest() => DeletionRequestedAtUtc = null;

    public void MarkLeft(DateTimeOffset now)
    {
        if (Status != ChildStatus.Active) return;
        Status = ChildStatus.Left;
        LeftAtUtc = now.UtcDateTime;
    }

    /// <summary>Removes every piece of personal data; the row stays (with its random id) so audit rows keep their meaning.</summary>
    public void Erase()
    {
        Name = "已删除";
        BirthDate = default;
        ClassName = "";
        GuardianName = "";
        GuardianRelation = "";
        GuardianPhoneCipher = GuardianPhoneHash = GuardianAddressCipher = HealthNotesCipher = null;
        Personality = Hobbies = null;
        Parents.Clear();
        ConsentScopeBits = PendingErasureBits = 0;
        PendingErasureSinceUtc = null;
        Status = ChildStatus.Erased;
    }

    /// <summary>Re-encrypts values written under an older key (and refreshes the lookup hash); true when anything changed.</summary>
    public bool ReEncrypt(FieldCipher cipher)
    {
        var changed = false;
        string? Again(string? stored)
        {
            if (stored is null || !cipher.NeedsReEncryption(stored)) return stored;
            changed = true;
            return cipher.Encrypt(cipher.Decrypt(stored));
        }
        GuardianPhoneCipher = Again(GuardianPhoneCipher);
        GuardianAddressCipher = Again(GuardianAddressCipher);
        HealthNotesCipher = Again(HealthNotesCipher);
        // Re-written rows also take today's phone form (country code dropped), so the hash matches a search again.
        if (changed && GuardianPhoneCipher is not null)
        {
            var phone = NormalizePhone(cipher.Decrypt(GuardianPhoneCipher));
            GuardianPhoneCipher = cipher.Encrypt(phone);
            GuardianPhoneHash = cipher.LookupHash(phone);
        }
        foreach (var parent in Parents) changed |= parent.ReEncrypt(cipher);
        return changed;
    }
}

/// <summary>A parent working away: name, and encrypted phone and work city.</summary>
public sealed class ParentContact
{
    private ParentContact() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public string Name { get; private set; } = "";
    public string? PhoneCipher { get; private set; }
    public string? WorkCityCipher { get; private set; }

    public static ParentContact For(Guid childId, ParentInfo info, FieldCipher cipher) => new()
    {
        Id = Guid.NewGuid(),
        ChildId = childId,
        Name = info.Name.Trim(),
        PhoneCipher = string.IsNullOrWhiteSpace(info.Phone) ? null : cipher.Encrypt(Child.NormalizePhone(info.Phone)),
        WorkCityCipher = string.IsNullOrWhiteSpace(info.WorkCity) ? null : cipher.Encrypt(info.WorkCity.Trim()),
    };

    public bool ReEncrypt(FieldCipher cipher)
    {
        var changed = false;
        if (PhoneCipher is not null && cipher.NeedsReEncryption(PhoneCipher)) { PhoneCipher = cipher.Encrypt(Child.NormalizePhone(cipher.Decrypt(PhoneCipher))); changed = true; }
        if (WorkCityCipher is not null && cipher.NeedsReEncryption(WorkCityCipher)) { WorkCityCipher = cipher.Encrypt(cipher.Decrypt(WorkCityCipher)); changed = true; }
        return changed;
    }
}
