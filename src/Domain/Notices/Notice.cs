using WechatCare.Domain.Common;

namespace WechatCare.Domain.Notices;

public enum NoticeStatus { Held, Published }

public enum AudienceKind { Parents, Volunteers, Activity, Class }

/// <summary>Who a notice is for: all parents or all volunteers of the organisation, the parents of a class, the volunteers of an activity.</summary>
public sealed record Audience(AudienceKind Kind, Guid? ActivityId = null, string? ClassName = null);

/// <summary>
/// A notice an organizer or teacher writes for an audience. It passes WeChat content security first; text WeChat wants
/// a person to review (or could not judge) is <see cref="NoticeStatus.Held"/> until an organizer approves it.
/// Publishing writes one message per recipient; a scheduled notice's messages fall due at <see cref="ScheduledAtUtc"/>.
/// </summary>
public sealed class Notice
{
    private Notice() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public AudienceKind AudienceKind { get; private set; }
    public Guid? AudienceActivityId { get; private set; }
    public string? AudienceClassName { get; private set; }
    public bool RequiresConfirmation { get; private set; }
    public DateTime? ScheduledAtUtc { get; private set; }
    public NoticeStatus Status { get; private set; }
    /// <summary>Why the notice is held (review, or WeChat unavailable).</summary>
    public string? HoldReason { get; private set; }
    public Guid? ApprovedBy { get; private set; }
    public int RecipientCount { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? PublishedAtUtc { get; private set; }
    /// <summary>
    /// When the notice went (or goes) out to its recipients: its scheduled time, or when it was published if that was
    /// later (a held notice approved after its time goes out at once). Null while held.
    /// </summary>
    public DateTime? SentAtUtc => PublishedAtUtc is { } published && ScheduledAtUtc is { } scheduled && scheduled > published ? scheduled : PublishedAtUtc;

    /// <summary>When the re-reminder of unread/unconfirmed recipients went out (once per notice).</summary>
    public DateTime? RemindedAtUtc { get; private set; }

    public Audience Audience => new(AudienceKind, AudienceActivityId, AudienceClassName);

    public static Notice Draft(Guid organizationId, Guid authorId, string title, string body, Audience audience,
        bool requiresConfirmation, DateTimeOffset? scheduledAt, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = organizationId,
        AuthorId = authorId,
        Title = title.Trim(),
        Body = body.Trim(),
        AudienceKind = audience.Kind,
        AudienceActivityId = audience.Kind == AudienceKind.Activity ? audience.ActivityId : null,
        AudienceClassName = audience.Kind == AudienceKind.Class ? audience.ClassName?.Trim() : null,
        RequiresConfirmation = requiresConfirmation,
        ScheduledAtUtc = scheduledAt > now ? scheduledAt.Value.UtcDateTime : null,
        CreatedAtUtc = now.UtcDateTime,
    };

    public void Hold(string reason)
    {
        Status = NoticeStatus.Held;
        HoldReason = reason;
    }

    public void Approve(Guid approverId)
    {
        if (Status != NoticeStatus.Held) throw new ConflictException("notice_not_held", "这条通知不在待审核状态");
        ApprovedBy = approverId;
    }

    /// <summary>When the recipients' messages fall due: the scheduled time, or now if that has passed.</summary>
    public DateTimeOffset SendAt(DateTimeOffset now) => ScheduledAtUtc is { } s && s > now.UtcDateTime ? new DateTimeOffset(s, TimeSpan.Zero) : now;

    /// <summary>
    /// True while the recipients' messages are still being written, commit by commit (a large audience): the notice is
    /// out, and a release its process left unfinished is completed by the bot (<see cref="NoticeRelease.ResumeAsync"/>).
    /// </summary>
    public bool ReleasePending { get; private set; }

    public void Publish(int recipients, bool inSeveralCommits, DateTimeOffset now)
    {
        Status = NoticeStatus.Published;
        HoldReason = null;
        RecipientCount = recipients;
        ReleasePending = inSeveralCommits;
        PublishedAtUtc = now.UtcDateTime;
    }

    /// <summary>Every recipient's message is written; <paramref name="recipients"/> is how many there are in the end.</summary>
    public void FinishRelease(int recipients)
    {
        RecipientCount = recipients;
        ReleasePending = false;
    }

    public string Link => LinkOf(Id);

    /// <summary>The mini-program page of a notice: its messages (and its reminders) open it.</summary>
    public static string LinkOf(Guid noticeId) => $"pages/notice/detail?id={noticeId}";

    /// <summary>The page of who has not read (or confirmed) it, where the author's call list leads.</summary>
    public string UnreadLink => UnreadLinkOf(Id);

    public static string UnreadLinkOf(Guid noticeId) => $"pages/notice/unread?id={noticeId}";
}

/// <summary>The purposes of the messages that follow a notice up (the bot's re-reminder job writes them).</summary>
public static class NoticeFollowUps
{
    /// <summary>"请确认：…" to a recipient who has not confirmed; links to the notice.</summary>
    public const string Reminder = "notice_reminder";
    /// <summary>One message per person listing the notices they have not read; links to the notice list.</summary>
    public const string Digest = "notice_digest";
    /// <summary>To the author: whom no WeChat channel reaches; links to the notice's unread page.</summary>
    public const string CallList = "notice_call_list";
}

/// <summary>One person a notice went to; shares its id with the message (outbox and inbox) that carried it.</summary>
public sealed class NoticeRecipient
{
    private NoticeRecipient() { }

    public Guid MessageId { get; private set; }
    public Guid NoticeId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime? ReadAtUtc { get; private set; }
    public DateTime? ConfirmedAtUtc { get; private set; }

    public static NoticeRecipient For(Guid messageId, Guid noticeId, Guid userId) =>
        new() { MessageId = messageId, NoticeId = noticeId, UserId = userId };

    public void MarkRead(DateTimeOffset now) => ReadAtUtc ??= now.UtcDateTime;

    public void Confirm(DateTimeOffset now)
    {
        MarkRead(now);
        ConfirmedAtUtc ??= now.UtcDateTime;
    }
}
