namespace WechatCare.Domain.Notices;

/// <summary>Bound from the <c>Notices</c> configuration section.</summary>
public sealed class NoticeOptions
{
    public const string SectionName = "Notices";

    /// <summary>
    /// Recipients whose messages are committed together when a notice goes out. The first commit carries the notice, so
    /// the dispatchers start sending while the rest of a large audience is still being written.
    /// </summary>
    public int RecipientsPerCommit { get; set; } = 1000;

    /// <summary>A release still unfinished this long after publishing died with its process; a bot job completes it.</summary>
    public TimeSpan ReleaseAbandonedAfter { get; set; } = TimeSpan.FromMinutes(5);
}
