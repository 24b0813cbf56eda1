using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Activities;

public sealed record RoleInput(string Name, VolunteerKind? VolunteerKind, int? Capacity, int MinPriorActivities);

public sealed record CreateActivityCommand(
    Guid CallerId, Guid OrganizationId, string Title, string Description, string Location,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset SignUpClosesAt, DateTimeOffset? CancellationDeadline,
    int? Capacity, int MinPriorActivities, bool RequiresApproval, int? MinimumAge, IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<ScheduleSlot> Schedule, IReadOnlyList<RoleInput> Roles, string? Series = null) : ICommand<ActivityView>;

public sealed class CreateActivityValidator : AbstractValidator<CreateActivityCommand>
{
    public CreateActivityValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Description).NotNull().MaximumLength(4000);
        RuleFor(c => c.Location).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Series).MaximumLength(50);
        RuleFor(c => c.EndsAt).GreaterThan(c => c.StartsAt);
        RuleFor(c => c.SignUpClosesAt).LessThanOrEqualTo(c => c.StartsAt);
        RuleFor(c => c.CancellationDeadline).LessThanOrEqualTo(c => c.StartsAt);
        RuleFor(c => c.Capacity).GreaterThan(0).When(c => c.Capacity is not null);
        RuleFor(c => c.MinPriorActivities).InclusiveBetween(0, 100);
        RuleFor(c => c.MinimumAge).InclusiveBetween(14, 100).When(c => c.MinimumAge is not null);
        RuleFor(c => c.RequiredSkills).NotNull();
        RuleFor(c => c.Schedule).NotNull().MaxItems(30);
        RuleForEach(c => c.Schedule).Must(s => s.EndsAt > s.StartsAt && s.Title.Length is > 0 and <= 50).WithMessage("日程的时间或标题不正确");
        RuleFor(c => c.Roles).NotNull().MaxItems(10);
        RuleForEach(c => c.Roles).ChildRules(r =>
        {
            r.RuleFor(x => x.Name).NotEmpty().MaximumLength(50);
            r.RuleFor(x => x.Capacity).GreaterThan(0).When(x => x.Capacity is not null);
            r.RuleFor(x => x.MinPriorActivities).InclusiveBetween(0, 100);
        });
    }
}

public sealed class CreateActivityHandler(CareDb db, TimeProvider clock) : ICommandHandler<CreateActivityCommand, ActivityView>
{
    public async ValueTask<ActivityView> Handle(CreateActivityCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        // The top-level capacity and rule are the shorthand for an activity with one role.
        var roles = cmd.Roles.Count > 0
            ? cmd.Roles.Select(r => new RoleSpec(r.Name, r.VolunteerKind, r.Capacity, r.MinPriorActivities))
            : [new RoleSpec("志愿者", null, cmd.Capacity, cmd.MinPriorActivities)];
        var activity = Activity.Create(cmd.OrganizationId, cmd.CallerId, cmd.Title, cmd.Description, cmd.Location,
            cmd.StartsAt, cmd.EndsAt, cmd.SignUpClosesAt, cmd.CancellationDeadline, cmd.RequiresApproval, cmd.MinimumAge,
            cmd.RequiredSkills, cmd.Schedule, roles, clock.GetUtcNow());
        activity.PartOfSeries(cmd.Series);
        db.Activities.Add(activity);
        await db.SaveChangesAsync(ct);
        return ActivityView.From(activity, 0);
    }
}
