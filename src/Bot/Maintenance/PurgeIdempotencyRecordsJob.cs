using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;

namespace WechatCare.Bot.Maintenance;

/// <summary>Idempotency answers are kept 24 h; this removes older ones so the table stays small.</summary>
public sealed class PurgeIdempotencyRecordsJob(TimeProvider clock) : IBotJob
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    public string Name => "purge-idempotency-records";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        var cutoff = (clock.GetUtcNow() - KeptFor).UtcDateTime;
        await scope.GetRequiredService<CareDb>().IdempotencyRecords.Where(r => r.CreatedAtUtc < cutoff).ExecuteDeleteAsync(ct);
    }
}
