namespace WechatCare.Domain.Children;

/// <summary>A parent (user) linked to a child through a guardian invite: they see their own child.</summary>
public sealed class GuardianLink
{
    private GuardianLink() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime LinkedAtUtc { get; private set; }

    public static GuardianLink Link(Guid childId, Guid userId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(), ChildId = childId, UserId = userId, LinkedAtUtc = now.UtcDateTime };
}

/// <summary>
/// THE SEAM FOR PAIRING: "is this user a mentor of this child". The Pairing feature inserts a row when it pairs a
/// mentor with a child and deletes it when the pairing ends (<see cref="Pair"/>); Children reads it in its scoped
/// query and shows a mentor only the name, grade and hobbies. Nothing else in Children knows about pairings.
/// </summary>
public sealed class ChildMentor
{
    private ChildMentor() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid MentorUserId { get; private set; }
    public DateTime SinceUtc { get; private set; }

    public static ChildMentor Pair(Guid childId, Guid mentorUserId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(), ChildId = childId, MentorUserId = mentorUserId, SinceUtc = now.UtcDateTime };
}

/// <summary>The organisation's explicit grant letting one staff member read children's health notes.</summary>
public sealed class HealthNoteGrant
{
    private HealthNoteGrant() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid StaffUserId { get; private set; }
    public Guid GrantedBy { get; private set; }
    public DateTime GrantedAtUtc { get; private set; }

    public static HealthNoteGrant Grant(Guid organizationId, Guid staffUserId, Guid grantedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), OrganizationId = organizationId, StaffUserId = staffUserId, GrantedBy = grantedBy, GrantedAtUtc = now.UtcDateTime,
    };
}

/// <summary>When a parent wants reports: the weekly card's day and hour, and quiet hours (China time).</summary>
public sealed class ReportPreference
{
    private ReportPreference() { }

    public Guid UserId { get; private set; }
    public DayOfWeek WeeklyCardDay { get; private set; } = DayOfWeek.Saturday;
    public int WeeklyCardHour { get; private set; } = 20;
    public int QuietFromHour { get; private set; } = 22;
    public int QuietToHour { get; private set; } = 7;

    public static ReportPreference Default(Guid userId) => new() { UserId = userId };

    public void Change(DayOfWeek day, int hour, int quietFrom, int quietTo)
    {
        WeeklyCardDay = day;
        WeeklyCardHour = hour;
        QuietFromHour = quietFrom;
        QuietToHour = quietTo;
    }

    /// <summary>The first instant at or after <paramref name="at"/> outside quiet hours (China time).</summary>
    public DateTimeOffset OutsideQuietHours(DateTimeOffset at)
    {
        if (QuietFromHour == QuietToHour) return at;
        var local = Common.ChinaTime.ToChina(at);
        bool Quiet(int h) => QuietFromHour < QuietToHour ? h >= QuietFromHour && h < QuietToHour : h >= QuietFromHour || h < QuietToHour;
        if (!Quiet(local.Hour)) return at;
        var end = local.Date.AddHours(QuietToHour);
        if (end <= local.DateTime) end = end.AddDays(1);
        return new DateTimeOffset(end, local.Offset);
    }
}

/// <summary>A teacher's one-line note for a child's week, shown on the weekly card.</summary>
public sealed class WeeklyNote
{
    private WeeklyNote() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public DateOnly WeekOf { get; private set; }
    public string Note { get; private set; } = "";
    public Guid WrittenBy { get; private set; }
    public DateTime WrittenAtUtc { get; private set; }

    public static WeeklyNote Write(Guid childId, DateOnly weekOf, string note, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), ChildId = childId, WeekOf = weekOf, Note = note.Trim(), WrittenBy = by, WrittenAtUtc = now.UtcDateTime,
    };

    /// <summary>The Monday of <paramref name="date"/>'s week: notes are keyed by it, whatever day they were written for.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public void Rewrite(string note, Guid by, DateTimeOffset now)
    {
        Note = note.Trim();
        WrittenBy = by;
        WrittenAtUtc = now.UtcDateTime;
    }
}

/// <summary>Ledger of scheduled reports already sent (unique per kind, child, parent and period) so jobs are idempotent.</summary>
public sealed class ChildReportSent
{
    private ChildReportSent() { }

    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    public Guid ChildId { get; private set; }
    public Guid RecipientUserId { get; private set; }
    public DateOnly Period { get; private set; }
    public DateTime SentAtUtc { get; private set; }

    /// <param name="id">The message's id when the row must find its message again (absence alarms); else a new id.</param>
    public static ChildReportSent Record(string kind, Guid childId, Guid recipient, DateOnly period, DateTimeOffset now, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(), Kind = kind, ChildId = childId, RecipientUserId = recipient, Period = period, SentAtUtc = now.UtcDateTime,
    };
}
