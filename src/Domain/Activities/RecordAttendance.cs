using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Activities;

public enum AttendanceStep { CheckIn, CheckOut }

/// <summary>
/// A check-in or check-out: by an organizer naming the volunteer (<see cref="UserId"/>), or by the volunteer scanning the
/// activity's QR code (<see cref="Scene"/>). <see cref="ActivityId"/> may be null when only the scene is known.
/// </summary>
public sealed record RecordAttendanceCommand(Guid CallerId, Guid? ActivityId, AttendanceStep Step, Guid? UserId, string? Scene)
    : ICommand<AttendanceView>;

public sealed record AttendanceView(Guid ActivityId, Guid UserId, SignUpStatus Status, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt,
    decimal? Hours, bool CheckOutMissing);

public sealed class RecordAttendanceValidator : AbstractValidator<RecordAttendanceCommand>
{
    public RecordAttendanceValidator()
    {
        RuleFor(c => c).Must(c => (c.UserId is null) != (c.Scene is null)).WithName("body").WithMessage("请提供 userId（组织者登记）或 scene（扫码）其中之一");
        RuleFor(c => c.Scene).MaximumLength(32);
    }
}

public sealed class RecordAttendanceHandler(CareDb db, FieldCipher cipher, TimeProvider clock) : ICommandHandler<RecordAttendanceCommand, AttendanceView>
{
    public async ValueTask<AttendanceView> Handle(RecordAttendanceCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Guid volunteerId, activityId;
        Activity activity;
        if (cmd.Scene is { } scene)
        {
            activityId = CheckInScene.Verify(scene, cipher);
            if (cmd.ActivityId is { } routeId && routeId != activityId)
                throw new DomainException("invalid_checkin_code", "签到码不属于这个活动");
            activity = await LoadAsync(activityId, ct);
            CheckInScene.EnsureWithinTime(activity, now);
            volunteerId = cmd.CallerId;
        }
        else
        {
            activityId = cmd.ActivityId ?? throw new NotFoundException("该活动");
            activity = await LoadAsync(activityId, ct);
            await db.RequireRoleAsync(cmd.CallerId, activity.OrganizationId, Access.Organizers, ct);
            volunteerId = cmd.UserId!.Value;
        }
        if (activity.Status is not (ActivityStatus.Published or ActivityStatus.Completed))
            throw new DomainException("activity_not_open", "该活动不能签到");

        var signUp = await db.SignUps.SingleOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct)
            ?? throw new DomainException("not_confirmed", "只有已确认报名的志愿者可以签到");
        if (cmd.Step == AttendanceStep.CheckIn) signUp.CheckIn(activity, now, byOrganizer: cmd.Scene is null);
        else signUp.CheckOut(activity, now);
        await db.SaveChangesAsync(ct);
        return View(signUp);
    }

    private async Task<Activity> LoadAsync(Guid id, CancellationToken ct) =>
        await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("该活动");

    public static AttendanceView View(SignUp s) => new(s.ActivityId, s.VolunteerId, s.Status,
        s.CheckedInAtUtc is { } i ? ChinaTime.ToChina(i) : null, s.CheckedOutAtUtc is { } o ? ChinaTime.ToChina(o) : null, s.Hours, s.CheckOutMissing);
}

public sealed record GetCheckInSceneQuery(Guid CallerId, Guid ActivityId) : IQuery<string>;

/// <summary>The scene for the activity's QR code; only its organizers may print it.</summary>
public sealed class GetCheckInSceneHandler(CareDb db, FieldCipher cipher) : IQueryHandler<GetCheckInSceneQuery, string>
{
    public async ValueTask<string> Handle(GetCheckInSceneQuery query, CancellationToken ct)
    {
        var orgId = await db.Activities.Where(a => a.Id == query.ActivityId).Select(a => (Guid?)a.OrganizationId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("该活动");
        if (!await db.HasRoleAsync(query.CallerId, orgId, Access.Organizers, ct)) throw new NotFoundException("该活动");
        return CheckInScene.For(query.ActivityId, cipher);
    }
}
