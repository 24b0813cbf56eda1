namespace WechatCare.Domain.Messaging;

/// <summary>What a feature wants to tell someone; <see cref="Messenger"/> turns it into an outbox and an inbox row.</summary>
/// <param name="DueAt">Send later (e.g. a reminder); null = now. The inbox shows it from then on.</param>
public sealed record MessageDraft(
    string Purpose,
    string Title,
    string Body,
    string? Link = null,
    string? DataJson = null,
    DateTimeOffset? DueAt = null);
