namespace WechatCare.Domain.Children;

/// <summary>The <c>Children</c> configuration section.</summary>
public sealed class ChildrenOptions
{
    /// <summary>The privacy policy guardians consent to now; records consented under another version are blocked until renewed.</summary>
    public string ConsentPolicyVersion { get; set; } = "2026-09";
    public int InviteValidHours { get; set; } = 72;
    /// <summary>Invite-code attempts allowed per user per <see cref="InviteGuessWindowMinutes"/>.</summary>
    public int InviteGuessesPerWindow { get; set; } = 5;
    public int InviteGuessWindowMinutes { get; set; } = 10;
    /// <summary>Wrong invite codes allowed per network address per window (mini-program only) before the address is refused.</summary>
    public int InviteMissesPerAddress { get; set; } = 20;
    /// <summary>Days a withdrawn scope (or a deletion request) stays hidden before its data is erased.</summary>
    public int ErasureGraceDays { get; set; } = 7;
    /// <summary>Days after a child left before the archive is erased.</summary>
    public int EraseLeftAfterDays { get; set; } = 365;
    /// <summary>China-time hour after which the daily care-home summary goes out.</summary>
    public int DailySummaryHour { get; set; } = 20;
    /// <summary>
    /// Benchmark only: GET /api/children/{id} runs the same scoped query but skips decryption and the audit row, to
    /// measure what encryption and audit cost. The host refuses to start with it outside the <c>Benchmark</c> environment.
    /// </summary>
    public bool UnprotectedReadsForBenchmark { get; set; }
}
