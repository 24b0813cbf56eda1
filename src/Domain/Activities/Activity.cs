using System.Text.Json;
using WechatCare.Domain.Common;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Activities;

public enum ActivityStatus { Draft, Published, Cancelled, Completed }

public sealed record ScheduleSlot(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Title);

/// <summary>
/// A volunteer activity of one organisation (a tutoring afternoon, a safety drill, a camp). Its seats live on its
/// <see cref="ActivityRole"/>s; its lifecycle is draft → published → (cancelled | completed). Activities imported from
/// paper records are created completed, so their attendance counts from the first day.
/// </summary>
public sealed class Activity
{
    private Activity() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Location { get; private set; } = "";
    public DateTime StartsAtUtc { get; private set; }
    public DateTime EndsAtUtc { get; private set; }
    public DateTime SignUpClosesAtUtc { get; private set; }
    /// <summary>Volunteers may cancel a confirmed seat until then; null = until the start.</summary>
    public DateTime? CancellationDeadlineUtc { get; private set; }
    public bool RequiresApproval { get; private set; }
    public int? MinimumAge { get; private set; }
    /// <summary>Comma-separated skills every volunteer of this activity needs.</summary>
    public string RequiredSkills { get; private set; } = "";
    public string ScheduleJson { get; private set; } = "[]";
    public ActivityStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public bool Imported { get; private set; }
    /// <summary>The series this activity belongs to (e.g. 夏令营), so rules can look at earlier editions; null = none.</summary>
    public string? Series { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? PublishedAtUtc { get; private set; }
    public DateTime? CompletedAtUtc { get; private set; }
    public List<ActivityRole> Roles { get; private set; } = [];

    public IReadOnlyList<string> RequiredSkillList => RequiredSkills.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<ScheduleSlot> Schedule => JsonSerializer.Deserialize<List<ScheduleSlot>>(ScheduleJson) ?? [];
    /// <summary>Never after the start, also for activities stored before a later deadline was refused.</summary>
    public DateTime CancellationClosesAtUtc => CancellationDeadlineUtc is { } deadline && deadline < StartsAtUtc ? deadline : StartsAtUtc;
    public TimeSpan Length => EndsAtUtc - StartsAtUtc;

    public static Activity Create(Guid organizationId, Guid createdBy, string title, string description, string location,
        DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset signUpClosesAt, DateTimeOffset? cancellationDeadline,
        bool requiresApproval, int? minimumAge, IEnumerable<string> requiredSkills, IEnumerable<ScheduleSlot> schedule,
        IEnumerable<RoleSpec> roles, DateTimeOffset now)
    {
        if (endsAt <= startsAt) throw new DomainException("invalid_activity_time", "结束时间必须晚于开始时间");
        if (signUpClosesAt > startsAt) throw new DomainException("invalid_activity_time", "报名截止时间不能晚于活动开始时间");
        if (cancellationDeadline > startsAt) throw new DomainException("invalid_activity_time", "取消报名截止时间不能晚于活动开始时间");
        var activity = new Activity
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            CreatedBy = createdBy,
            Title = title.Trim(),
            Description = description.Trim(),
            Location = location.Trim(),
            StartsAtUtc = startsAt.UtcDateTime,
            EndsAtUtc = endsAt.UtcDateTime,
            SignUpClosesAtUtc = signUpClosesAt.UtcDateTime,
            CancellationDeadlineUtc = cancellationDeadline?.UtcDateTime,
            RequiresApproval = requiresApproval,
            MinimumAge = minimumAge,
            RequiredSkills = string.Join(',', requiredSkills.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct()),
            ScheduleJson = JsonSerializer.Serialize(schedule.ToList()),
            Status = ActivityStatus.Draft,
            CreatedAtUtc = now.UtcDateTime,
        };
        activity.Roles = roles.Select(r => ActivityRole.Create(activity.Id, r)).ToList();
        if (activity.Roles.Count == 0) throw new DomainException("activity_needs_a_role", "活动至少需要一个岗位");
        return activity;
    }

    /// <summary>A past activity from paper records: already completed, its attendance counts toward the rules.</summary>
    public static Activity FromHistory(Guid organizationId, Guid importedBy, string title, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        var activity = Create(organizationId, importedBy, title, "", "", startsAt, endsAt, startsAt, null, false, null, [], [],
            [new RoleSpec("志愿者", null, null, 0)], now);
        activity.Status = ActivityStatus.Completed;
        activity.CompletedAtUtc = now.UtcDateTime;
        activity.Imported = true;
        return activity;
    }

    public void PartOfSeries(string? series) => Series = string.IsNullOrWhiteSpace(series) ? null : series.Trim();

    public void Publish(DateTimeOffset now)
    {
        if (Status != ActivityStatus.Draft) throw new ConflictException("activity_not_draft", "只有草稿状态的活动可以发布");
        if (StartsAtUtc <= now.UtcDateTime) throw new DomainException("activity_already_started", "活动已经开始，不能发布");
        Status = ActivityStatus.Published;
        PublishedAtUtc = now.UtcDateTime;
    }

    public void Cancel(string reason)
    {
        if (Status is ActivityStatus.Cancelled or ActivityStatus.Completed)
            throw new ConflictException("activity_closed", "活动已取消或已结束");
        Status = ActivityStatus.Cancelled;
        CancelReason = reason.Trim();
    }

    public void Complete(DateTimeOffset now)
    {
        if (Status != ActivityStatus.Published) throw new ConflictException("activity_not_published", "只有已发布的活动可以结束");
        if (now.UtcDateTime < StartsAtUtc) throw new DomainException("activity_not_started", "活动还没有开始，不能结束");
        Status = ActivityStatus.Completed;
        CompletedAtUtc = now.UtcDateTime;
    }

    public void EnsureOpenForSignUp(DateTimeOffset now)
    {
        if (Status != ActivityStatus.Published) throw new DomainException("activity_not_open", "该活动目前不接受报名");
        if (now.UtcDateTime >= SignUpClosesAtUtc) throw new DomainException("signup_closed", "报名已截止");
    }

    public bool Overlaps(DateTime startsAtUtc, DateTime endsAtUtc) => StartsAtUtc < endsAtUtc && startsAtUtc < EndsAtUtc;

    public ActivityRole RoleFor(Guid? roleId)
    {
        if (roleId is { } id) return Roles.SingleOrDefault(r => r.Id == id) ?? throw new NotFoundException("该岗位");
        if (Roles.Count == 1) return Roles[0];
        throw new DomainException("role_required", "该活动有多个岗位，请选择要报名的岗位");
    }
}

/// <summary>What an organizer asks for when creating a role.</summary>
public sealed record RoleSpec(string Name, VolunteerKind? VolunteerKind, int? Capacity, int MinPriorActivities);

/// <summary>
/// One kind of seat in an activity (学生志愿者 ×8, 社会人士 unlimited) with its own rules and waitlist. <see cref="Taken"/>
/// counts seats held (confirmed, pending approval, offered) and only ever changes through a conditional UPDATE, so two
/// sign-ups can never take the last seat twice. <see cref="WaitlistIssued"/> hands out arrival numbers the same way.
/// </summary>
public sealed class ActivityRole
{
    private ActivityRole() { }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public string Name { get; private set; } = "";
    public VolunteerKind? VolunteerKind { get; private set; }
    /// <summary>null = unlimited.</summary>
    public int? Capacity { get; private set; }
    public int MinPriorActivities { get; private set; }
    public int Taken { get; private set; }
    public int WaitlistIssued { get; private set; }

    public static ActivityRole Create(Guid activityId, RoleSpec spec) => new()
    {
        Id = Guid.CreateVersion7(),
        ActivityId = activityId,
        Name = spec.Name.Trim(),
        VolunteerKind = spec.VolunteerKind,
        Capacity = spec.Capacity,
        MinPriorActivities = spec.MinPriorActivities,
    };
}
