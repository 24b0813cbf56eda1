using WechatCare.Domain.Data;

namespace WechatCare.Domain.Messaging;

/// <summary>
/// The one way features send a message to a person: it adds the outbox row (for WeChat) and the inbox row (in-app)
/// to the caller's unit of work, so both commit — or neither — with the change that caused them.
/// </summary>
public static class Messenger
{
    public static Guid Send(this CareDb db, Guid recipientUserId, MessageDraft draft, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        db.Outbox.Add(OutboxMessage.For(id, recipientUserId, draft, now));
        db.Inbox.Add(InboxMessage.For(id, recipientUserId, draft, now));
        return id;
    }
}
