namespace WechatCare.Bot.Delivery;

/// <summary>Bound from the <c>Delivery</c> configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>How often an idle dispatcher looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Rows a worker holds at once, claimed and not yet saved; also the bound on duplicates if a worker dies.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>How long a claim holds its rows; a dead worker's rows are taken again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Sends in flight per worker.</summary>
    public int Concurrency { get; set; } = 16;
    /// <summary>Global WeChat send rate across all workers (messages per second); 0 = no limit.</summary>
    public int SendsPerSecond { get; set; }
    /// <summary>Rounds of transient failures before a message is dead (it stays in the in-app inbox).</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>After this long, unread (or unconfirmed) recipients of a notice are reminded once.</summary>
    public TimeSpan ReminderDelay { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often the re-reminder job looks for notices to follow up.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(5);
}
