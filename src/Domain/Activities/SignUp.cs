using WechatCare.Domain.Common;

namespace WechatCare.Domain.Activities;

public enum SignUpStatus { Pending, Confirmed, Waitlisted, Offered, Cancelled, Rejected, OfferExpired, NoShow }

/// <summary>
/// One volunteer's place in one activity (unique per activity and volunteer). Holds a seat while pending, confirmed or
/// offered; waits in <see cref="WaitlistNumber"/> order otherwise. Check-in and check-out make it attended, with the
/// service time rounded as volunteer platforms do.
/// </summary>
public sealed class SignUp
{
    private SignUp() { }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public Guid RoleId { get; private set; }
    public Guid VolunteerId { get; private set; }
    public SignUpStatus Status { get; private set; }
    /// <summary>Arrival number on the role's waitlist (1, 2, 3…); the visible position is computed from it.</summary>
    public int? WaitlistNumber { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? OfferExpiresAtUtc { get; private set; }
    public DateTime? CancelledAtUtc { get; private set; }
    public DateTime? CheckedInAtUtc { get; private set; }
    public DateTime? CheckedOutAtUtc { get; private set; }
    /// <summary>Service time in half hours (3 = 1.5 h): no floats for quantities.</summary>
    public int? HalfHours { get; private set; }
    /// <summary>The volunteer forgot to check out; it was closed at the activity's end. The organizer should look.</summary>
    public bool CheckOutMissing { get; private set; }
    public bool Imported { get; private set; }
    public DateTime? Reminded24hAtUtc { get; private set; }
    public DateTime? Reminded2hAtUtc { get; private set; }

    public bool HoldsSeat => Status is SignUpStatus.Pending or SignUpStatus.Confirmed or SignUpStatus.Offered;
    public bool IsActive => HoldsSeat || Status == SignUpStatus.Waitlisted;
    public decimal? Hours => HalfHours / 2m;

    public static SignUp Seated(Guid activityId, Guid roleId, Guid volunteerId, bool needsApproval, DateTimeOffset now) =>
        New(activityId, roleId, volunteerId, needsApproval ? SignUpStatus.Pending : SignUpStatus.Confirmed, null, now);

    public static SignUp OnWaitlist(Guid activityId, Guid roleId, Guid volunteerId, int number, DateTimeOffset now) =>
        New(activityId, roleId, volunteerId, SignUpStatus.Waitlisted, number, now);

    /// <summary>Attendance from paper records.</summary>
    public static SignUp FromHistory(Activity activity, Guid volunteerId, int halfHours, DateTimeOffset now)
    {
        var signUp = New(activity.Id, activity.Roles[0].Id, volunteerId, SignUpStatus.Confirmed, null, now);
        signUp.CheckedInAtUtc = activity.StartsAtUtc;
        signUp.CheckedOutAtUtc = activity.EndsAtUtc;
        signUp.HalfHours = halfHours;
        signUp.Imported = true;
        return signUp;
    }

    private static SignUp New(Guid activityId, Guid roleId, Guid volunteerId, SignUpStatus status, int? number, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ActivityId = activityId,
        RoleId = roleId,
        VolunteerId = volunteerId,
        Status = status,
        WaitlistNumber = number,
        CreatedAtUtc = now.UtcDateTime,
    };

    /// <summary>Only a confirmed seat is bound by the cancellation deadline: leaving the waitlist or an unclaimed offer is always allowed.</summary>
    public void Cancel(Activity activity, DateTimeOffset now)
    {
        if (Status == SignUpStatus.Confirmed && now.UtcDateTime >= activity.CancellationClosesAtUtc)
            throw new DomainException("cancellation_closed", "已过取消报名的截止时间，如有特殊情况请联系组织者");
        Status = SignUpStatus.Cancelled;
        CancelledAtUtc = now.UtcDateTime;
        OfferExpiresAtUtc = null;
    }

    public void Offer(DateTime expiresAtUtc)
    {
        Status = SignUpStatus.Offered;
        OfferExpiresAtUtc = expiresAtUtc;
    }

    public static ConflictException NoOpenOffer() => new("no_open_offer", "没有可以确认的名额，名额可能已过期");

    public static ConflictException NotPending() => new("signup_not_pending", "该报名不在待审核状态");

    public void ClaimOffer(Activity activity, DateTimeOffset now)
    {
        if (activity.Status != ActivityStatus.Published) throw new ConflictException("activity_closed", "活动已取消或已结束，不能再确认名额");
        if (Status != SignUpStatus.Offered || OfferExpiresAtUtc <= now.UtcDateTime) throw NoOpenOffer();
        // As for a first sign-up: where the organizer approves volunteers, the claimed seat waits for their review.
        Status = activity.RequiresApproval ? SignUpStatus.Pending : SignUpStatus.Confirmed;
        OfferExpiresAtUtc = null;
    }

    public void ExpireOffer() => Status = SignUpStatus.OfferExpired;

    public void Approve()
    {
        if (Status != SignUpStatus.Pending) throw NotPending();
        Status = SignUpStatus.Confirmed;
    }

    public void Reject()
    {
        if (Status != SignUpStatus.Pending) throw NotPending();
        Status = SignUpStatus.Rejected;
    }

    /// <summary>
    /// Idempotent: a second scan keeps the first time. Only confirmed volunteers check in, except that an organizer may
    /// correct a no-show after completion (they forgot to scan, the paper sheet shows them): present for the whole activity.
    /// </summary>
    public bool CheckIn(Activity activity, DateTimeOffset now, bool byOrganizer)
    {
        if (Status == SignUpStatus.NoShow && byOrganizer)
        {
            Status = SignUpStatus.Confirmed;
            CheckedInAtUtc = activity.StartsAtUtc;
            CheckedOutAtUtc = activity.EndsAtUtc;
            HalfHours = ServiceHours.HalfHoursFor(activity.Length, activity.Length);
            return true;
        }
        // The status first: a sign-up cancelled after an early check-in still carries that check-in.
        if (Status != SignUpStatus.Confirmed) throw new DomainException("not_confirmed", "只有已确认报名的志愿者可以签到");
        if (CheckedInAtUtc is not null) return false;
        CheckedInAtUtc = now.UtcDateTime;
        return true;
    }

    public void CheckOut(Activity activity, DateTimeOffset now)
    {
        if (CheckedInAtUtc is not { } checkedIn) throw new DomainException("not_checked_in", "还没有签到，不能签退");
        if (CheckedOutAtUtc is not null) return;
        var at = now.UtcDateTime < activity.EndsAtUtc ? now.UtcDateTime : activity.EndsAtUtc;
        CheckedOutAtUtc = at < checkedIn ? checkedIn : at;
        HalfHours = ServiceHours.HalfHoursFor(CheckedOutAtUtc.Value - checkedIn, activity.Length);
    }

    /// <summary>At completion: a forgotten check-out closes at the end (flagged); no check-in at all is a no-show.</summary>
    public void CloseAtEnd(Activity activity)
    {
        if (Status == SignUpStatus.Confirmed && CheckedInAtUtc is null)
        {
            Status = SignUpStatus.NoShow;
            return;
        }
        if (CheckedInAtUtc is { } checkedIn && CheckedOutAtUtc is null)
        {
            CheckedOutAtUtc = activity.EndsAtUtc < checkedIn ? checkedIn : activity.EndsAtUtc;
            HalfHours = ServiceHours.HalfHoursFor(CheckedOutAtUtc.Value - checkedIn, activity.Length);
            CheckOutMissing = true;
        }
    }

    public void MarkReminded(bool dayBefore, DateTimeOffset now)
    {
        if (dayBefore) Reminded24hAtUtc = now.UtcDateTime;
        else Reminded2hAtUtc = now.UtcDateTime;
    }
}

/// <summary>
/// Service time as volunteer platforms count it: whole hours, then the last part rounded — under 15 minutes → 0,
/// 15 to 45 minutes → half an hour, over 45 minutes → a full hour. Never more than the activity's length.
/// </summary>
public static class ServiceHours
{
    public static int HalfHoursFor(TimeSpan served, TimeSpan activityLength)
    {
        if (served > activityLength) served = activityLength;
        if (served <= TimeSpan.Zero) return 0;
        var minutes = (int)served.TotalMinutes;
        var whole = minutes / 60 * 2;
        var rest = minutes % 60;
        return whole + (rest < 15 ? 0 : rest <= 45 ? 1 : 2);
    }
}
