using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;

namespace WechatCare.Domain.Children.Participation;

/// <summary>
/// An activity's terms for child participants (a camp, an outing): how many places (null = unlimited), the lowest grade,
/// whether children who attended the same series last year are left out, the consent scopes the guardian must have
/// given, and whether a linked parent must approve. <see cref="Taken"/> counts places held (pending approval or
/// confirmed) and only changes through a conditional UPDATE, so places are never oversold.
/// </summary>
public sealed class ChildAdmission
{
    private ChildAdmission() { }

    public Guid ActivityId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int? Places { get; private set; }
    public int Taken { get; private set; }
    public int? MinGrade { get; private set; }
    public bool FirstTimersOfSeriesOnly { get; private set; }
    /// <summary>Bits of <see cref="ConsentScopes"/> the guardian's current consent must cover (basic archive always).</summary>
    public int ConsentScopeBits { get; private set; }
    public bool RequiresParentalApproval { get; private set; }
    public Guid UpdatedBy { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public ConsentScopes RequiredConsent => (ConsentScopes)ConsentScopeBits;

    public static ChildAdmission For(Activity activity) => new() { ActivityId = activity.Id, OrganizationId = activity.OrganizationId };

    public void Change(Activity activity, int? places, int? minGrade, bool firstTimersOfSeriesOnly, ConsentScopes consent, bool requiresParentalApproval,
        Guid by, DateTimeOffset now)
    {
        if (activity.Status is ActivityStatus.Cancelled or ActivityStatus.Completed)
            throw new ConflictException("activity_closed", "活动已取消或已结束");
        if (firstTimersOfSeriesOnly && activity.Series is null)
            throw new DomainException("activity_series_required", "该活动没有设置系列名称，无法按“去年是否参加过同一系列活动”筛选");
        if (places is { } p && p < Taken)
            throw new ConflictException("child_places_below_taken", $"已有 {Taken} 名儿童占用名额，名额不能少于 {Taken}");
        Places = places;
        MinGrade = minGrade;
        FirstTimersOfSeriesOnly = firstTimersOfSeriesOnly;
        ConsentScopeBits = (int)(consent | ConsentScopes.BasicArchive);
        RequiresParentalApproval = requiresParentalApproval;
        UpdatedBy = by;
        UpdatedAtUtc = now.UtcDateTime;
    }
}

public enum ChildParticipationStatus { PendingApproval, Confirmed, Declined }

/// <summary>
/// One child taking part in one activity (unique per activity and child). Staff enrol; when the activity asks for it,
/// a linked parent approves or declines. A declined participation holds no place. Attendance, recorded by staff,
/// is what "attended the same series last year" looks at.
/// </summary>
public sealed class ChildParticipant
{
    private ChildParticipant() { }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public Guid ChildId { get; private set; }
    public ChildParticipationStatus Status { get; private set; }
    public Guid EnrolledBy { get; private set; }
    public DateTime EnrolledAtUtc { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTime? DecidedAtUtc { get; private set; }
    public DateTime? AttendedAtUtc { get; private set; }
    public Guid? AttendanceRecordedBy { get; private set; }

    public bool HoldsPlace => Status != ChildParticipationStatus.Declined;

    public static ChildParticipant Enrol(Guid activityId, Guid childId, bool needsApproval, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ActivityId = activityId,
        ChildId = childId,
        Status = needsApproval ? ChildParticipationStatus.PendingApproval : ChildParticipationStatus.Confirmed,
        EnrolledBy = by,
        EnrolledAtUtc = now.UtcDateTime,
    };

    /// <summary>A linked parent's answer; they may change their mind until the activity starts.</summary>
    public void Decide(bool approved, Guid parentId, DateTimeOffset now)
    {
        Status = approved ? ChildParticipationStatus.Confirmed : ChildParticipationStatus.Declined;
        DecidedBy = parentId;
        DecidedAtUtc = now.UtcDateTime;
    }

    public void MarkAttended(Guid by, DateTimeOffset now)
    {
        if (Status != ChildParticipationStatus.Confirmed)
            throw new DomainException("child_participation_not_confirmed", "该儿童的报名尚未确认，不能登记参加");
        AttendedAtUtc ??= now.UtcDateTime;
        AttendanceRecordedBy ??= by;
    }
}

internal sealed class ChildAdmissionMap : IEntityTypeConfiguration<ChildAdmission>
{
    public void Configure(EntityTypeBuilder<ChildAdmission> b)
    {
        b.HasKey(a => a.ActivityId);
        b.HasOne<Activity>().WithOne().HasForeignKey<ChildAdmission>(a => a.ActivityId);
        b.Ignore(a => a.RequiredConsent);
    }
}

internal sealed class ChildParticipantMap : IEntityTypeConfiguration<ChildParticipant>
{
    public void Configure(EntityTypeBuilder<ChildParticipant> b)
    {
        b.HasKey(p => p.Id);
        b.HasOne<Activity>().WithMany().HasForeignKey(p => p.ActivityId);
        b.HasOne<Child>().WithMany().HasForeignKey(p => p.ChildId);
        // One participation per child per activity, whatever the concurrency.
        b.HasIndex(p => new { p.ActivityId, p.ChildId }).IsUnique();
        b.HasIndex(p => new { p.ChildId, p.AttendedAtUtc });
        b.Ignore(p => p.HoldsPlace);
    }
}
