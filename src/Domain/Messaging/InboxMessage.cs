namespace WechatCare.Domain.Messaging;

/// <summary>
/// The in-app copy of every message a person gets. It exists whether or not WeChat delivers, so nothing depends on
/// WeChat's quota. Shares its id with the outbox row that pushes it.
/// </summary>
public sealed class InboxMessage
{
    private InboxMessage() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Purpose { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string? Link { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? ReadAtUtc { get; private set; }

    public static InboxMessage For(Guid id, Guid userId, MessageDraft draft, DateTimeOffset now) => new()
    {
        Id = id,
        UserId = userId,
        Purpose = draft.Purpose,
        Title = draft.Title,
        Body = draft.Body,
        Link = draft.Link,
        CreatedAtUtc = (draft.DueAt ?? now).UtcDateTime,
    };

    public void MarkRead(DateTimeOffset now) => ReadAtUtc ??= now.UtcDateTime;
}
