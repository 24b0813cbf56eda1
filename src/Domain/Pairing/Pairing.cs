namespace WechatCare.Domain.Pairing;

/// <summary>Ordinary 结对 by volunteers or teachers, or a teacher's class for monthly 谈心 records.</summary>
public enum PairingKind { Mentoring, ClassTalks }

/// <summary>
/// Mentors paired with children in one organisation (1:1, 1:n and n:1 are the same shape). While it is active, every
/// mentor × child has a <see cref="Children.ChildMentor"/> row (see <see cref="MentorSeam"/>). Ending keeps the row and
/// its contacts as history; a handover starts the next pairing with <see cref="PreviousPairingId"/> and a short note.
/// </summary>
public sealed class Pairing
{
    private Pairing() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public PairingKind Kind { get; private set; }
    public DateTime StartedAtUtc { get; private set; }
    public DateTime? EndedAtUtc { get; private set; }
    public Guid CreatedBy { get; private set; }
    public Guid? PreviousPairingId { get; private set; }
    public string? HandoverNote { get; private set; }

    public List<PairingMentor> Mentors { get; private set; } = [];
    public List<PairingChild> Children { get; private set; } = [];

    public bool Active => EndedAtUtc is null;

    public static Pairing Start(Guid organizationId, PairingKind kind, IEnumerable<Guid> mentorIds, IEnumerable<Guid> childIds, Guid by,
        DateTimeOffset now, Guid? previousId = null, string? handoverNote = null)
    {
        var pairing = new Pairing
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, Kind = kind, StartedAtUtc = now.UtcDateTime, CreatedBy = by,
            PreviousPairingId = previousId, HandoverNote = string.IsNullOrWhiteSpace(handoverNote) ? null : handoverNote.Trim(),
        };
        pairing.Mentors = mentorIds.Distinct().Select(m => new PairingMentor(pairing.Id, m)).ToList();
        pairing.Children = childIds.Distinct().Select(c => new PairingChild(pairing.Id, c)).ToList();
        return pairing;
    }

    public void End(DateTimeOffset now) => EndedAtUtc ??= now.UtcDateTime;
}

public sealed class PairingMentor(Guid pairingId, Guid userId)
{
    public Guid PairingId { get; private set; } = pairingId;
    public Guid UserId { get; private set; } = userId;
}

public sealed class PairingChild(Guid pairingId, Guid childId)
{
    public Guid PairingId { get; private set; } = pairingId;
    public Guid ChildId { get; private set; } = childId;
}

/// <summary>A cadence rule as data: for one pairing, or the organisation's default when <see cref="PairingId"/> is null.</summary>
public sealed class CadenceRule
{
    private CadenceRule() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? PairingId { get; private set; }
    /// <summary>Comma-separated <see cref="ContactKind"/> names.</summary>
    public string Kinds { get; private set; } = "";
    public int Times { get; private set; }
    public CadencePer Per { get; private set; }
    public CadenceCounting CountedBy { get; private set; }

    public static CadenceRule For(Guid organizationId, Guid? pairingId, CadenceRuleSpec spec) => new()
    {
        Id = Guid.CreateVersion7(), OrganizationId = organizationId, PairingId = pairingId,
        Kinds = string.Join(',', spec.Kinds.Distinct()), Times = spec.Times, Per = spec.Per, CountedBy = spec.CountedBy,
    };

    public CadenceRuleSpec Spec => new(Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ContactKind>).ToList(), Times, Per, CountedBy);
}

/// <summary>One logged contact or failed attempt. Notes are <see cref="Security.FieldCipher"/> text, shown only inside their pairing.</summary>
public sealed class ContactLog
{
    private ContactLog() { }

    public Guid Id { get; private set; }
    public Guid PairingId { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid MentorUserId { get; private set; }
    public ContactKind Kind { get; private set; }
    public DateTime AtUtc { get; private set; }
    public int DurationMinutes { get; private set; }
    public ContactOutcome Outcome { get; private set; }
    public string? NotesCipher { get; private set; }
    public DateTime LoggedAtUtc { get; private set; }

    public static ContactLog Log(Guid pairingId, Guid childId, Guid mentorId, ContactKind kind, DateTimeOffset at, int minutes,
        ContactOutcome outcome, string? notesCipher, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), PairingId = pairingId, ChildId = childId, MentorUserId = mentorId, Kind = kind, AtUtc = at.UtcDateTime,
        DurationMinutes = minutes, Outcome = outcome, NotesCipher = notesCipher, LoggedAtUtc = now.UtcDateTime,
    };

    public ContactFact Fact => new(ChildId, MentorUserId, Kind, new DateTimeOffset(DateTime.SpecifyKind(AtUtc, DateTimeKind.Utc)), Outcome);
}

/// <summary>
/// Ledger of cadence messages already sent, unique per kind ("reminder", "escalation", "retry"), target key and period,
/// so the jobs send each exactly once however often they run.
/// </summary>
public sealed class CadenceNoticeSent
{
    private CadenceNoticeSent() { }

    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string TargetKey { get; private set; } = "";
    public DateOnly PeriodStart { get; private set; }
    public DateTime SentAtUtc { get; private set; }

    public static CadenceNoticeSent Record(string kind, string targetKey, DateOnly periodStart, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), Kind = kind, TargetKey = targetKey, PeriodStart = periodStart, SentAtUtc = now.UtcDateTime,
    };
}
