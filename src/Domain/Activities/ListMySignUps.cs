using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Activities;

/// <summary>The caller's active sign-ups (held seat, pending, offered or waitlisted) for activities that have not ended, soonest first.</summary>
public sealed record ListMySignUpsQuery(Guid CallerId) : IQuery<IReadOnlyList<MySignUp>>;

/// <param name="Position">The place in the waitlist (1 = next), for waitlisted sign-ups only.</param>
public sealed record MySignUp(Guid ActivityId, string Title, DateTimeOffset StartsAt, string Location, SignUpStatus Status, int? Position,
    DateTimeOffset? OfferExpiresAt);

public sealed class ListMySignUpsHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListMySignUpsQuery, IReadOnlyList<MySignUp>>
{
    public async ValueTask<IReadOnlyList<MySignUp>> Handle(ListMySignUpsQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await (from s in db.SignUps.AsNoTracking()
                          join a in db.Activities.AsNoTracking() on s.ActivityId equals a.Id
                          where s.VolunteerId == query.CallerId && a.Status == ActivityStatus.Published && a.EndsAtUtc > now
                                && (s.Status == SignUpStatus.Confirmed || s.Status == SignUpStatus.Pending
                                    || s.Status == SignUpStatus.Offered || s.Status == SignUpStatus.Waitlisted)
                          orderby a.StartsAtUtc, a.Id
                          select new
                          {
                              a.Id, a.Title, a.StartsAtUtc, a.Location, s.Status, s.OfferExpiresAtUtc,
                              Position = s.Status == SignUpStatus.Waitlisted
                                  ? db.SignUps.Count(w => w.RoleId == s.RoleId && w.Status == SignUpStatus.Waitlisted && w.WaitlistNumber <= s.WaitlistNumber)
                                  : (int?)null,
                          }).Take(50).ToListAsync(ct);
        return rows.Select(r => new MySignUp(r.Id, r.Title, ChinaTime.ToChina(r.StartsAtUtc), r.Location, r.Status, r.Position,
            r.OfferExpiresAtUtc is { } o ? ChinaTime.ToChina(o) : null)).ToList();
    }
}
