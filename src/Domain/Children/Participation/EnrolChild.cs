using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children.Participation;

/// <summary>
/// Staff enrol one of their organisation's children in an activity open to children. Refused (422, every unmet rule
/// under <c>unmet</c>) when the child does not meet the admission rules; 409 <c>child_places_full</c> when no place is
/// left. When the activity asks for parental approval the child holds a place pending approval and every linked
/// parent is asked through the outbox.
/// </summary>
public sealed record EnrolChildCommand(Guid CallerId, Guid ActivityId, Guid ChildId) : ICommand<ChildParticipationView>;

public sealed class EnrolChildHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<EnrolChildCommand, ChildParticipationView>
{
    public async ValueTask<ChildParticipationView> Handle(EnrolChildCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.LoadForChildStaffAsync(cmd.ActivityId, cmd.CallerId, ct);
        var admission = await db.AdmissionOfAsync(activity.Id, ct);
        activity.EnsureOpenForSignUp(now);
        var row = await db.CandidatesFor(cmd.CallerId, activity, cmd.ChildId).AsNoTracking().SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("该儿童档案");
        if (row.Status is ChildParticipationStatus.PendingApproval or ChildParticipationStatus.Confirmed)
            throw new ConflictException("child_already_enrolled", "该儿童已报名该活动");

        // The rules read the child's grade, consent and history: that read is audited (and committed) whatever the answer.
        db.ChildReadAudits.Add(ChildReadAudit.Record(row.Id, cmd.CallerId, "staff", ["name", "grade", "consent"], "EnrolChild", now));
        await db.SaveChangesAsync(ct);
        RuleEvaluator.Evaluate(row.ToCandidate(options.Value.ConsentPolicyVersion).Facts, ChildRules.Admission(activity, admission)).ThrowIfUnmet();

        var parents = admission.RequiresParentalApproval
            ? await db.GuardianLinks.AsNoTracking().Where(l => l.ChildId == row.Id).Select(l => l.UserId).ToListAsync(ct)
            : [];
        var preferences = await db.ReportPreferencesOf(parents, ct);
        try
        {
            return await db.InTransaction(async () =>
            {
                db.ChangeTracker.Clear();   // the execution strategy may run this again: start clean each time
                if (!await db.TryTakeChildPlaceAsync(activity.Id, ct))
                    throw new ConflictException("child_places_full", "该活动的儿童名额已满");
                var participant = ChildParticipant.Enrol(activity.Id, row.Id, admission.RequiresParentalApproval, cmd.CallerId, now);
                db.ChildParticipants.Add(participant);
                foreach (var parent in parents)
                    db.Send(parent, ParticipationMessages.ApprovalRequested(activity, row.Id, row.Name, preferences[parent].OutsideQuietHours(now)), now);
                await db.SaveChangesAsync(ct);
                return ChildParticipationView.Of(participant);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Two staff enrolled the same child at once: the unique (activity, child) index let one through.
            throw new ConflictException("child_already_enrolled", "该儿童已报名该活动");
        }
    }
}
