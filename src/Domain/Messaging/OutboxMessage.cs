namespace WechatCare.Domain.Messaging;

/// <summary>
/// Where a message is in its life. Final states: <see cref="Delivered"/> (by <see cref="OutboxMessage.Channel"/>, which is
/// <c>inbox</c> when no WeChat channel was open to the person), <see cref="Failed"/> (every WeChat channel refused for good)
/// and <see cref="Dead"/> (transient failures outlasted the retry budget). In every state the in-app inbox has the message.
/// </summary>
public enum OutboxStatus { Pending, Sending, Delivered, Failed, Dead }

/// <summary>The channels a message can take, in the order the dispatcher tries them.</summary>
public static class DeliveryChannel
{
    public const string Subscribe = "subscribe";
    public const string Template = "template";
    public const string Customer = "customer";
    public const string Inbox = "inbox";
    public static readonly string[] All = [Subscribe, Template, Customer, Inbox];
}

/// <summary>
/// One message to one person, waiting to be pushed to WeChat. It is written in the same transaction as the change
/// that caused it, so a committed change always has its message; the dispatcher (bot role) claims rows with a lease.
/// Its <see cref="Id"/> is our message id, also used as WeChat's dedupe key (<c>client_msg_id</c>).
/// </summary>
public sealed class OutboxMessage
{
    private const int MaxTrail = 500;

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
    /// <summary>When the message was first due (now, or its scheduled time); retries and pauses move only <see cref="DueAtUtc"/>.</summary>
    public DateTime FirstDueAtUtc { get; private set; }
    public OutboxStatus Status { get; private set; }
    /// <summary>Sending rounds that ended in a transient failure (quota pauses do not count).</summary>
    public int Attempts { get; private set; }
    public DateTime? LeaseUntilUtc { get; private set; }
    /// <summary>The claim that holds the row (one per batch of one worker); the dispatcher's writes are conditional on it.</summary>
    public string? LeaseOwner { get; private set; }
    public string? Channel { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>What each channel answered, oldest first, e.g. <c>subscribe:43101 template:ok</c>.</summary>
    public string? Trail { get; private set; }
    public DateTime? DeliveredAtUtc { get; private set; }

    public bool IsFinal => Status is OutboxStatus.Delivered or OutboxStatus.Failed or OutboxStatus.Dead;

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
        FirstDueAtUtc = (draft.DueAt ?? now).UtcDateTime,
        Status = OutboxStatus.Pending,
    };

    /// <summary>Notes one channel's answer (e.g. <c>template</c>, <c>43004</c>).</summary>
    public void Record(string channel, string outcome)
    {
        var entry = $"{channel}:{outcome}";
        var trail = string.IsNullOrEmpty(Trail) ? entry : Trail + " " + entry;
        Trail = trail.Length <= MaxTrail ? trail : trail[^MaxTrail..];
    }

    public void MarkDelivered(string channel, DateTimeOffset now)
    {
        Status = OutboxStatus.Delivered;
        Channel = channel;
        DeliveredAtUtc = now.UtcDateTime;
        ReleaseLease();
    }

    /// <summary>A transient failure: try again at <paramref name="retryAt"/> (the caller adds back-off and jitter).</summary>
    public void ScheduleRetry(string error, DateTimeOffset retryAt)
    {
        Attempts++;
        LastError = Cut(error);
        Status = OutboxStatus.Pending;
        DueAtUtc = retryAt.UtcDateTime;
        ReleaseLease();
    }

    /// <summary>Not tried now (a quota pause): back to the queue without spending an attempt.</summary>
    public void Defer(string reason, DateTimeOffset until)
    {
        LastError = Cut(reason);
        Status = OutboxStatus.Pending;
        DueAtUtc = until.UtcDateTime;
        ReleaseLease();
    }

    /// <summary>Every WeChat channel refused for good; the person has the message in the in-app inbox only.</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        LastError = Cut(error);
        Status = OutboxStatus.Failed;
        Channel = DeliveryChannel.Inbox;
        DeliveredAtUtc = now.UtcDateTime;
        ReleaseLease();
    }

    /// <summary>Transient failures outlasted the retry budget; the in-app inbox still has the message.</summary>
    public void MarkDead(string error)
    {
        Attempts++;
        LastError = Cut(error);
        Status = OutboxStatus.Dead;
        Channel = DeliveryChannel.Inbox;
        ReleaseLease();
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntilUtc = null;
    }

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500];
}
