using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Notices;

/// <param name="PublishedAt">When the notice went (or goes) out to its recipients: the scheduled time of a scheduled notice
/// (<see cref="Notice.SentAtUtc"/>), not when it was written (<paramref name="CreatedAt"/>).</param>
public sealed record NoticeView(Guid Id, Guid OrganizationId, string Title, string Body, Audience Audience, bool RequiresConfirmation,
    NoticeStatus Status, string? HoldReason, DateTimeOffset? ScheduledAt, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt,
    int Recipients, NoticeStats? Stats, RecipientState? Me)
{
    public static NoticeView From(Notice n, NoticeStats? stats, RecipientState? me) => new(n.Id, n.OrganizationId, n.Title, n.Body, n.Audience,
        n.RequiresConfirmation, n.Status, n.HoldReason, n.ScheduledAtUtc is { } s ? ChinaTime.ToChina(s) : null, ChinaTime.ToChina(n.CreatedAtUtc),
        n.SentAtUtc is { } sent ? ChinaTime.ToChina(sent) : null, n.RecipientCount, stats, me);
}

/// <summary>
/// <c>sent</c> counts messages WeChat took (subscribe, template or customer message); <c>byChannel</c> splits every
/// finished message by the channel that carried it (<c>inbox</c> = in-app only); <c>failed</c> = WeChat refused for good or
/// retries ran out; <c>pending</c> = not finished yet.
/// </summary>
public sealed record NoticeStats(int Recipients, int Sent, int Read, int Confirmed, int Failed, int Pending, IReadOnlyDictionary<string, int> ByChannel);

/// <summary>The caller's own state when they are a recipient.</summary>
public sealed partial record RecipientState(DateTimeOffset? ReadAt, DateTimeOffset? ConfirmedAt);

public sealed record GetNoticeQuery(Guid CallerId, Guid NoticeId) : IQuery<NoticeView>;

/// <summary>
/// A recipient sees the notice once it has reached them, and opening it marks it read (<c>me</c>); staff of the
/// organisation see it with its stats. A teacher who is also a parent of the audience is both: stats and <c>me</c>.
/// </summary>
public sealed class GetNoticeHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetNoticeQuery, NoticeView>
{
    public async ValueTask<NoticeView> Handle(GetNoticeQuery query, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == query.NoticeId, ct) ?? throw new NotFoundException("该通知");
        var staff = await db.HasRoleAsync(query.CallerId, notice.OrganizationId, Access.Staff, ct);

        var now = clock.GetUtcNow();
        var mine = await db.NoticeRecipients.SingleOrDefaultAsync(r => r.NoticeId == notice.Id && r.UserId == query.CallerId, ct);
        if (mine is not null && notice.SendAt(now) > now) mine = null;   // not reached them yet
        if (mine is null && !staff) throw new NotFoundException("该通知");
        if (mine is not null) await NoticeReading.MarkReadAsync(db, mine, now, ct);
        var stats = staff ? (await StatsAsync(db, [notice.Id], ct))[notice.Id] : null;
        return NoticeView.From(notice, stats, mine is null ? null : RecipientState.From(mine));
    }

    /// <summary>The stats of several notices (a page of the list, or one) in two grouped queries, whatever their number.</summary>
    public static async Task<Dictionary<Guid, NoticeStats>> StatsAsync(CareDb db, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct)
    {
        var recipients = db.NoticeRecipients.AsNoTracking().Where(r => noticeIds.Contains(r.NoticeId));
        var reading = await recipients.GroupBy(r => r.NoticeId).Select(g => new
        {
            NoticeId = g.Key,
            Total = g.Count(),
            Read = g.Count(r => r.ReadAtUtc != null),
            Confirmed = g.Count(r => r.ConfirmedAtUtc != null),
        }).ToDictionaryAsync(r => r.NoticeId, ct);
        var delivery = (await (from r in recipients
                               join o in db.Outbox on r.MessageId equals o.Id
                               group o by new { r.NoticeId, o.Status, o.Channel } into g
                               select new { g.Key.NoticeId, g.Key.Status, g.Key.Channel, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(d => d.NoticeId);

        return noticeIds.ToDictionary(id => id, id =>
        {
            var mine = delivery[id].ToList();
            var byChannel = DeliveryChannel.All.ToDictionary(c => c, c => mine.Where(d => d.Channel == c && d.Status != OutboxStatus.Pending && d.Status != OutboxStatus.Sending).Sum(d => d.Count));
            var sent = mine.Where(d => d.Status == OutboxStatus.Delivered && d.Channel != DeliveryChannel.Inbox).Sum(d => d.Count);
            var failed = mine.Where(d => d.Status is OutboxStatus.Failed or OutboxStatus.Dead).Sum(d => d.Count);
            var pending = mine.Where(d => d.Status is OutboxStatus.Pending or OutboxStatus.Sending).Sum(d => d.Count);
            var read = reading.GetValueOrDefault(id);
            return new NoticeStats(read?.Total ?? 0, sent, read?.Read ?? 0, read?.Confirmed ?? 0, failed, pending, byChannel);
        });
    }
}

public sealed record ListNoticesQuery(Guid CallerId, Guid OrganizationId, PageRequest Paging) : IQuery<Page<NoticeView>>;

public sealed class ListNoticesHandler(CareDb db) : IQueryHandler<ListNoticesQuery, Page<NoticeView>>
{
    public async ValueTask<Page<NoticeView>> Handle(ListNoticesQuery query, CancellationToken ct)
    {
        await db.RequireRoleAsync(query.CallerId, query.OrganizationId, Access.Staff, ct);
        var notices = db.Notices.AsNoTracking().Where(n => n.OrganizationId == query.OrganizationId);
        var total = await notices.CountAsync(ct);
        var rows = await notices.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        // Each with its stats, as CONTRACT.md lists them: two grouped queries for the whole page.
        var stats = await GetNoticeHandler.StatsAsync(db, rows.Select(n => n.Id).ToList(), ct);
        return new Page<NoticeView>(rows.Select(n => NoticeView.From(n, stats[n.Id], null)).ToList(), total);
    }
}

/// <param name="Label">Who the person is, as the reader may see it (<see cref="RecipientLabels"/>), e.g. "四年级二班 王小明的家长".</param>
/// <param name="DisplayName">The name the person set themselves, if ever (usually none).</param>
public sealed record OutstandingRecipient(Guid UserId, string Label, string? DisplayName, OutboxStatus DeliveryStatus, string? Channel, DateTimeOffset? ReadAt);

/// <summary>Who has not read (or, with <paramref name="Unconfirmed"/>, not confirmed) a notice — the organizer's follow-up list.</summary>
public sealed record ListOutstandingRecipientsQuery(Guid CallerId, Guid NoticeId, bool Unconfirmed, PageRequest Paging) : IQuery<Page<OutstandingRecipient>>;

/// <summary>
/// Each person with a label staff can act on; every child a label names on the page is an audited read
/// (<c>ListUnreadRecipients</c> / <c>ListUnconfirmedRecipients</c>).
/// </summary>
public sealed class ListOutstandingRecipientsHandler(CareDb db, TimeProvider clock) : IQueryHandler<ListOutstandingRecipientsQuery, Page<OutstandingRecipient>>
{
    public async ValueTask<Page<OutstandingRecipient>> Handle(ListOutstandingRecipientsQuery query, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == query.NoticeId, ct) ?? throw new NotFoundException("该通知");
        if (!await db.HasRoleAsync(query.CallerId, notice.OrganizationId, Access.Staff, ct)) throw new NotFoundException("该通知");

        var outstanding = db.NoticeRecipients.AsNoTracking().Where(r => r.NoticeId == notice.Id);
        outstanding = query.Unconfirmed ? outstanding.Where(r => r.ConfirmedAtUtc == null) : outstanding.Where(r => r.ReadAtUtc == null);
        var total = await outstanding.CountAsync(ct);
        var rows = await (
            from r in outstanding
            join u in db.Users on r.UserId equals u.Id
            join o in db.Outbox on r.MessageId equals o.Id
            orderby r.UserId
            select new { r.UserId, u.DisplayName, o.Status, o.Channel, r.ReadAtUtc })
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);

        var now = clock.GetUtcNow();
        var labels = await RecipientLabels.ForStaffAsync(db, query.CallerId, notice.OrganizationId, rows.Select(r => r.UserId).ToList(), ct);
        RecipientLabels.AuditShown(db, query.CallerId, labels.Values, query.Unconfirmed ? "ListUnconfirmedRecipients" : "ListUnreadRecipients", now);
        // The author's call list leads here: opening the list is reading it.
        var unreadLink = Notice.UnreadLinkOf(notice.Id);
        foreach (var callList in await db.Inbox.Where(m => m.UserId == query.CallerId && m.ReadAtUtc == null && m.Link == unreadLink).ToListAsync(ct))
            callList.MarkRead(now);
        await db.SaveChangesAsync(ct);
        return new Page<OutstandingRecipient>(rows.Select(r => new OutstandingRecipient(r.UserId, labels[r.UserId].Text, r.DisplayName, r.Status, r.Channel,
            r.ReadAtUtc is { } at ? ChinaTime.ToChina(at) : null)).ToList(), total);
    }
}
