using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children.Participation;

/// <summary>An organizer opens an activity to child participants, with its places and the child-side rules.</summary>
public sealed record SetChildAdmissionCommand(Guid CallerId, Guid ActivityId, int? Places, int? MinGrade, bool FirstTimersOfSeriesOnly,
    IReadOnlyList<ConsentScope> ConsentScopes, bool RequiresParentalApproval) : ICommand<ChildAdmissionView>;

public sealed class SetChildAdmissionValidator : AbstractValidator<SetChildAdmissionCommand>
{
    public SetChildAdmissionValidator()
    {
        RuleFor(c => c.Places).GreaterThan(0).When(c => c.Places is not null);
        RuleFor(c => c.MinGrade).InclusiveBetween(1, 12).When(c => c.MinGrade is not null);
        RuleFor(c => c.ConsentScopes).NotNull();
        RuleForEach(c => c.ConsentScopes).IsInEnum();
    }
}

public sealed class SetChildAdmissionHandler(CareDb db, TimeProvider clock) : ICommandHandler<SetChildAdmissionCommand, ChildAdmissionView>
{
    public async ValueTask<ChildAdmissionView> Handle(SetChildAdmissionCommand cmd, CancellationToken ct)
    {
        var activity = await db.LoadForOrganizerAsync(cmd.ActivityId, cmd.CallerId, ct);
        var admission = await db.ChildAdmissions.SingleOrDefaultAsync(a => a.ActivityId == activity.Id, ct);
        if (admission is null) db.ChildAdmissions.Add(admission = ChildAdmission.For(activity));
        admission.Change(activity, cmd.Places, cmd.MinGrade, cmd.FirstTimersOfSeriesOnly, ConsentScopeNames.ToFlags(cmd.ConsentScopes),
            cmd.RequiresParentalApproval, cmd.CallerId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ChildAdmissionView.Of(admission, activity);
    }
}
