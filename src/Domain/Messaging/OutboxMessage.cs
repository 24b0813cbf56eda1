namespace WechatCare.Domain.Messaging;

public enum OutboxStatus { Pending, Sending, Delivered, Failed, Dead }

/// <summary>
/// One message to one person, waiting to be pushed to WeChat. It is written in the same transaction as the change
/// that caused it, so a committed change always has its message; the dispatcher (bot role) claims rows with a lease.
/// Its <see cref="Id"/> is our message id, also used as WeChat's dedupe key (<c>client_msg_id</c>).
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public Guid Id { get; private set; }
    public Guid RecipientUserId { get; private set; }
    /// <summary>Why the message exists (e.g. <c>signup_confirmed</c>); picks the WeChat template.</summary>
    public string Purpose { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>Mini-program page the message opens, e.g. <c>pages/notice/detail?id=…</c>.</summary>
    public string? Link { get; private set; }
    /// <summary>Template fields as JSON (our field names; configuration maps them to template keywords).</summary>
    public string? DataJson { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime DueAtUtc { get; private set; }
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? LeaseUntilUtc { get; private set; }
    public string? LeaseOwner { get; private set; }
    public string? Channel { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? DeliveredAtUtc { get; private set; }

    public static OutboxMessage For(Guid id, Guid recipient, MessageDraft draft, DateTimeOffset now) => new()
    {
        Id = id,
        RecipientUserId = recipient,
        Purpose = draft.Purpose,
        Title = draft.Title,
        Body = draft.Body,
        Link = draft.Link,
        DataJson = draft.DataJson,
        CreatedAtUtc = now.UtcDateTime,
        DueAtUtc = (draft.DueAt ?? now).UtcDateTime,
        Status = OutboxStatus.Pending,
    };
}
