using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Notices;

/// <summary>Notices that have reached the caller and still want something: unread, or waiting for their confirmation. Newest first.</summary>
public sealed record ListMyOpenNoticesQuery(Guid CallerId, int Take = 10) : IQuery<Page<MyNotice>>;

/// <param name="PublishedAt">When the notice reached the caller (its scheduled time, if it was scheduled).</param>
public sealed record MyNotice(Guid Id, string Title, DateTimeOffset PublishedAt, bool RequiresConfirmation, bool Read, bool Confirmed);

public sealed class ListMyOpenNoticesHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListMyOpenNoticesQuery, Page<MyNotice>>
{
    public async ValueTask<Page<MyNotice>> Handle(ListMyOpenNoticesQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Reached = published, and its scheduled time (if any) has come (NoticeReading.FindMineAsync says the same).
        var open = from r in db.NoticeRecipients.AsNoTracking()
                   join n in db.Notices.AsNoTracking() on r.NoticeId equals n.Id
                   where r.UserId == query.CallerId && n.Status == NoticeStatus.Published && (n.ScheduledAtUtc == null || n.ScheduledAtUtc <= now)
                         && (r.ReadAtUtc == null || (n.RequiresConfirmation && r.ConfirmedAtUtc == null))
                   select new
                   {
                       n.Id, n.Title, n.RequiresConfirmation, r.ReadAtUtc, r.ConfirmedAtUtc,
                       // When it reached them (Notice.SentAtUtc): a scheduled notice is as new as its time, not as when it was written.
                       SentAtUtc = n.ScheduledAtUtc != null && n.ScheduledAtUtc > n.PublishedAtUtc ? n.ScheduledAtUtc : n.PublishedAtUtc,
                   };
        var total = await open.CountAsync(ct);
        var rows = await open.OrderByDescending(n => n.SentAtUtc).ThenByDescending(n => n.Id).Take(Math.Clamp(query.Take, 1, 50)).ToListAsync(ct);
        return new Page<MyNotice>(rows.Select(n => new MyNotice(n.Id, n.Title, ChinaTime.ToChina(n.SentAtUtc!.Value),
            n.RequiresConfirmation, n.ReadAtUtc != null, n.ConfirmedAtUtc != null)).ToList(), total);
    }
}
