using System.Collections.Concurrent;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Eligibility;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

public sealed record SignUpForActivityCommand(Guid CallerId, Guid ActivityId, Guid? RoleId) : ICommand<SignUpResult>;

public sealed record SignUpResult(Guid Id, Guid ActivityId, Guid RoleId, SignUpStatus Status, int? Position, DateTimeOffset? OfferExpiresAt);

public sealed class SignUpForActivityHandler(SignUpBatches batches) : ICommandHandler<SignUpForActivityCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(SignUpForActivityCommand cmd, CancellationToken ct) => await batches.SubmitAsync(cmd, ct);
}

/// <summary>
/// Sign-ups for one activity are written in batches: whoever arrives while a batch is being written joins the next one,
/// and each batch is checked with a handful of queries and written in one transaction (role rows locked once, seats and
/// waitlist numbers handed out in arrival order, every row inserted together, one commit). Under a rush this replaces a
/// thousand serial lock-holding transactions by a few; alone, a sign-up is a batch of one. Overselling stays impossible
/// for the same reasons as before (DESIGN.md §4): the locked role row, the conditional seat UPDATE and the unique
/// (activity, volunteer) index, all in the database, so several replicas batching side by side stay correct.
/// A singleton: one queue per activity that has sign-ups in flight.
/// </summary>
public sealed class SignUpBatches(IServiceScopeFactory scopes)
{
    /// <summary>Bounds one transaction's size (and the time it holds the role rows).</summary>
    public const int MaxBatch = 500;

    private readonly ConcurrentDictionary<Guid, Lane> _lanes = new();

    public Task<SignUpResult> SubmitAsync(SignUpForActivityCommand cmd, CancellationToken ct)
    {
        var request = new PendingSignUp(cmd);
        var lane = _lanes.GetOrAdd(cmd.ActivityId, _ => new Lane());
        bool start;
        lock (lane)
        {
            lane.Queue.Enqueue(request);
            start = !lane.Running;
            lane.Running = true;
        }
        if (start) _ = Task.Run(() => DrainAsync(cmd.ActivityId, lane), CancellationToken.None);
        return request.Result.Task.WaitAsync(ct);
    }

    private async Task DrainAsync(Guid activityId, Lane lane)
    {
        while (true)
        {
            var batch = new List<PendingSignUp>();
            lock (lane)
            {
                while (batch.Count < MaxBatch && lane.Queue.TryDequeue(out var next)) batch.Add(next);
                if (batch.Count == 0)
                {
                    lane.Running = false;
                    _lanes.TryRemove(KeyValuePair.Create(activityId, lane));
                    return;
                }
            }
            try
            {
                // The batch belongs to no single request: one caller hanging up does not abort the others' sign-ups.
                await using var scope = scopes.CreateAsyncScope();
                var writer = new SignUpWriter(scope.ServiceProvider.GetRequiredService<CareDb>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
                await writer.RunAsync(activityId, batch, CancellationToken.None);
            }
            catch (Exception e)
            {
                foreach (var request in batch) request.Result.TrySetException(e);
            }
        }
    }

    private sealed class Lane
    {
        public Queue<PendingSignUp> Queue { get; } = new();
        public bool Running { get; set; }
    }
}

internal sealed class PendingSignUp(SignUpForActivityCommand command)
{
    public SignUpForActivityCommand Command { get; } = command;
    public TaskCompletionSource<SignUpResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Checks and writes one batch of sign-ups for one activity, each answered on its own.</summary>
internal sealed class SignUpWriter(CareDb db, TimeProvider clock)
{
    private sealed record Accepted(PendingSignUp Request, ActivityRole Role, Guid? PreviousId);

    public async Task RunAsync(Guid activityId, IReadOnlyList<PendingSignUp> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = await db.Activities.AsNoTracking().Include(a => a.Roles).SingleOrDefaultAsync(a => a.Id == activityId, ct);
        var volunteerIds = batch.Select(r => r.Command.CallerId).Distinct().ToList();
        var previous = await db.SignUps.AsNoTracking().Where(s => s.ActivityId == activityId && volunteerIds.Contains(s.VolunteerId))
            .ToDictionaryAsync(s => s.VolunteerId, ct);
        var facts = activity is null ? null : await db.FactsAsync(volunteerIds, activity, now, ct);
        var clashes = activity is null ? null : await OverlapsAsync(activity, volunteerIds, ct);

        var accepted = new List<Accepted>();
        var seen = new HashSet<Guid>();
        foreach (var request in batch)
        {
            try
            {
                if (activity is null || activity.Status == ActivityStatus.Draft) throw new NotFoundException("该活动");
                activity.EnsureOpenForSignUp(now);
                var role = activity.RoleFor(request.Command.RoleId);
                var volunteerId = request.Command.CallerId;
                previous.TryGetValue(volunteerId, out var earlier);
                if (earlier is { IsActive: true }) throw AlreadySignedUp();
                RuleEvaluator.Evaluate(facts![volunteerId], VolunteerRules.For(activity, role)).ThrowIfUnmet();
                if (clashes!.TryGetValue(volunteerId, out var clash))
                    throw new DomainException("overlapping_activity", $"你已报名同一时间的活动「{clash}」，不能同时参加两个活动");
                if (!seen.Add(volunteerId)) throw AlreadySignedUp();   // a double tap that arrived in the same batch
                accepted.Add(new Accepted(request, role, earlier?.Id));
            }
            catch (Exception e)
            {
                request.Result.TrySetException(e);
            }
        }
        if (accepted.Count > 0) await WriteAsync(activity!, accepted, now, ct);
    }

    private async Task WriteAsync(Activity activity, IReadOnlyList<Accepted> accepted, DateTimeOffset now, CancellationToken ct)
    {
        Dictionary<PendingSignUp, SignUpResult> results;
        try
        {
            results = await db.InTransaction(async () =>
            {
                db.ChangeTracker.Clear();   // the execution strategy may run this again: start clean each time
                var answers = new Dictionary<PendingSignUp, SignUpResult>();
                // A cancelled (or expired, rejected) earlier sign-up gives way to the new one, which queues afresh.
                var stale = accepted.Where(a => a.PreviousId is not null).Select(a => a.PreviousId!.Value).ToList();
                if (stale.Count > 0) await db.SignUps.Where(s => stale.Contains(s.Id) && (s.Status == SignUpStatus.Cancelled
                    || s.Status == SignUpStatus.Rejected || s.Status == SignUpStatus.OfferExpired)).ExecuteDeleteAsync(ct);

                var byRole = accepted.GroupBy(a => a.Role.Id).ToDictionary(g => g.Key, g => g.ToList());
                var (signUps, messages) = (new List<SignUp>(), new List<(Guid, MessageDraft)>());
                var grants = await db.TakeSeatsAsync(byRole.ToDictionary(r => r.Key, r => r.Value.Count), ct);
                foreach (var (roleId, arrivals) in byRole)
                {
                    var grant = grants[roleId];
                    for (var i = 0; i < arrivals.Count; i++)
                    {
                        var (request, role, _) = arrivals[i];
                        var waiting = i - grant.Seats;
                        var signUp = waiting < 0
                            ? SignUp.Seated(activity.Id, role.Id, request.Command.CallerId, activity.RequiresApproval, now)
                            : SignUp.OnWaitlist(activity.Id, role.Id, request.Command.CallerId, grant.FirstWaitlistNumber + waiting, now);
                        int? position = waiting < 0 ? null : grant.WaitingBefore + waiting + 1;
                        signUps.Add(signUp);
                        messages.Add((signUp.VolunteerId, ActivityMessages.For(signUp, activity, position)));
                        answers[request] = new SignUpResult(signUp.Id, activity.Id, role.Id, signUp.Status, position, null);
                    }
                }
                // Hundreds of rows in a burst: multi-row inserts, not one statement per row.
                await db.InsertAllAsync(signUps, ct);
                await db.SendAllAsync(messages, now, ct);
                return answers;
            }, ct);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e) && accepted.Count > 1)
        {
            // Some volunteer's sign-up was committed elsewhere meanwhile (another replica): one by one, only they are told.
            foreach (var one in accepted) await WriteAsync(activity, [one], now, ct);
            return;
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            // The unique (activity, volunteer) index: a second copy of this sign-up committed first.
            accepted[0].Request.Result.TrySetException(AlreadySignedUp());
            return;
        }
        foreach (var (request, result) in results) request.Result.TrySetResult(result);
    }

    /// <summary>Per volunteer, the title of an activity they already hold a place in that overlaps this one (back-to-back is fine).</summary>
    private async Task<Dictionary<Guid, string>> OverlapsAsync(Activity activity, IReadOnlyCollection<Guid> volunteerIds, CancellationToken ct)
    {
        var clashes = await (from s in db.SignUps
                             join a in db.Activities on s.ActivityId equals a.Id
                             where volunteerIds.Contains(s.VolunteerId) && a.Id != activity.Id && a.Status == ActivityStatus.Published
                                   && (s.Status == SignUpStatus.Confirmed || s.Status == SignUpStatus.Pending
                                       || s.Status == SignUpStatus.Offered || s.Status == SignUpStatus.Waitlisted)
                                   && a.StartsAtUtc < activity.EndsAtUtc && activity.StartsAtUtc < a.EndsAtUtc
                             select new { s.VolunteerId, a.Title }).ToListAsync(ct);
        return clashes.GroupBy(c => c.VolunteerId).ToDictionary(g => g.Key, g => g.First().Title);
    }

    private static ConflictException AlreadySignedUp() => new("already_signed_up", "你已经报名了这个活动");
}
