using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Notices;

public sealed record ReadNoticeCommand(Guid CallerId, Guid NoticeId) : ICommand<RecipientState>;

public sealed record ConfirmNoticeCommand(Guid CallerId, Guid NoticeId) : ICommand<RecipientState>;

public sealed class ReadNoticeHandler(CareDb db, TimeProvider clock) : ICommandHandler<ReadNoticeCommand, RecipientState>
{
    public async ValueTask<RecipientState> Handle(ReadNoticeCommand cmd, CancellationToken ct)
    {
        var mine = await NoticeReading.FindMineAsync(db, cmd.CallerId, cmd.NoticeId, clock.GetUtcNow(), ct);
        await NoticeReading.MarkReadAsync(db, mine, clock.GetUtcNow(), ct);
        return RecipientState.From(mine);
    }
}

public sealed class ConfirmNoticeHandler(CareDb db, TimeProvider clock) : ICommandHandler<ConfirmNoticeCommand, RecipientState>
{
    public async ValueTask<RecipientState> Handle(ConfirmNoticeCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var mine = await NoticeReading.FindMineAsync(db, cmd.CallerId, cmd.NoticeId, now, ct);
        var needsConfirmation = await db.Notices.Where(n => n.Id == cmd.NoticeId).Select(n => n.RequiresConfirmation).SingleAsync(ct);
        if (!needsConfirmation) throw new DomainException("confirmation_not_required", "这条通知不需要确认");
        mine.Confirm(now);
        await NoticeReading.MarkReadAsync(db, mine, now, ct);
        return RecipientState.From(mine);
    }
}

public static class NoticeReading
{
    /// <summary>The caller's recipient row of a notice that has reached them; 404 for anyone else.</summary>
    public static async Task<NoticeRecipient> FindMineAsync(CareDb db, Guid callerId, Guid noticeId, DateTimeOffset now, CancellationToken ct)
    {
        var mine = await db.NoticeRecipients.SingleOrDefaultAsync(r => r.NoticeId == noticeId && r.UserId == callerId, ct)
            ?? throw new NotFoundException("该通知");
        var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.Id == noticeId, ct);
        if (notice.SendAt(now) > now) throw new NotFoundException("该通知");
        return mine;
    }

    /// <summary>
    /// Marks the notice read, with the caller's in-app messages about it: the notice's own (the inbox shares the message
    /// id), its reminders (they link to the notice), and digests once every notice that had reached the caller when
    /// the digest was written is read (a digest lists the notices then unread).
    /// </summary>
    public static async Task MarkReadAsync(CareDb db, NoticeRecipient mine, DateTimeOffset now, CancellationToken ct)
    {
        mine.MarkRead(now);
        var link = Notice.LinkOf(mine.NoticeId);
        var oldestUnread = await (
            from r in db.NoticeRecipients
            where r.UserId == mine.UserId && r.ReadAtUtc == null && r.NoticeId != mine.NoticeId
            join n in db.Notices on r.NoticeId equals n.Id
            where n.Status == NoticeStatus.Published
            select n.ScheduledAtUtc != null && n.ScheduledAtUtc > n.PublishedAtUtc ? n.ScheduledAtUtc : n.PublishedAtUtc)
            .MinAsync(sentAt => sentAt, ct);
        var nowUtc = now.UtcDateTime;
        var done = await db.Inbox
            .Where(m => m.UserId == mine.UserId && m.ReadAtUtc == null && m.CreatedAtUtc <= nowUtc
                        && (m.Id == mine.MessageId || m.Link == link
                            || (m.Purpose == NoticeFollowUps.Digest && (oldestUnread == null || m.CreatedAtUtc < oldestUnread))))
            .ToListAsync(ct);
        foreach (var message in done) message.MarkRead(now);
        await db.SaveChangesAsync(ct);
    }
}

public sealed partial record RecipientState
{
    public static RecipientState From(NoticeRecipient r) => new(r.ReadAtUtc is { } read ? ChinaTime.ToChina(read) : null,
        r.ConfirmedAtUtc is { } c ? ChinaTime.ToChina(c) : null);
}
