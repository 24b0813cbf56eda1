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
        db.NoteOutboxWritten();
        db.Outbox.Add(OutboxMessage.For(id, recipientUserId, draft, now));
        db.Inbox.Add(InboxMessage.For(id, recipientUserId, draft, now));
        return id;
    }

    /// <summary>
    /// Many messages at once (a notice to a whole school, a batch of sign-ups): written straight away as bulk inserts,
    /// so call it inside the transaction of the change that caused them. Returns the message ids in order.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> SendAllAsync(this CareDb db, IReadOnlyList<(Guid RecipientUserId, MessageDraft Draft)> messages,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = messages.Select(_ => Guid.CreateVersion7()).ToList();
        db.NoteOutboxWritten();
        await db.InsertAllAsync(messages.Select((m, i) => OutboxMessage.For(ids[i], m.RecipientUserId, m.Draft, now)), ct);
        await db.InsertAllAsync(messages.Select((m, i) => InboxMessage.For(ids[i], m.RecipientUserId, m.Draft, now)), ct);
        return ids;
    }
}
