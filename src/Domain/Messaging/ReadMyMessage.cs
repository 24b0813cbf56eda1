using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Notices;

namespace WechatCare.Domain.Messaging;

/// <summary>
/// The caller has seen one of their in-app messages (<c>POST /api/me/messages/{id}/read</c>; the pages a WeChat message
/// opens carry its id as <c>m=</c> for this). Idempotent. Someone else's message, or one not shown yet, is 404.
/// A notice's own message carries the whole notice, so reading it reads the notice (<see cref="NoticeReading"/>).
/// </summary>
public sealed record ReadMyMessageCommand(Guid CallerId, Guid MessageId) : ICommand<InboxItem>;

public sealed class ReadMyMessageHandler(CareDb db, TimeProvider clock) : ICommandHandler<ReadMyMessageCommand, InboxItem>
{
    public async ValueTask<InboxItem> Handle(ReadMyMessageCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var message = await db.Inbox.SingleOrDefaultAsync(m => m.Id == cmd.MessageId && m.UserId == cmd.CallerId && m.CreatedAtUtc <= nowUtc, ct)
            ?? throw new NotFoundException("该消息");
        message.MarkRead(now);
        if (await db.NoticeRecipients.SingleOrDefaultAsync(r => r.MessageId == message.Id && r.UserId == cmd.CallerId, ct) is { } notice)
            await NoticeReading.MarkReadAsync(db, notice, now, ct);
        else
            await db.SaveChangesAsync(ct);
        return InboxItem.From(message);
    }
}
