using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;

namespace WechatCare.Bot.Push;

/// <summary>Deletes push receipts older than a day: WeChat stops retrying after 15 seconds.</summary>
public sealed class PushReceiptSweep(TimeProvider clock) : IBotJob
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    public string Name => "push-receipt-sweep";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        var before = (clock.GetUtcNow() - KeepFor).UtcDateTime;
        await scope.GetRequiredService<CareDb>().WechatPushReceipts.Where(r => r.ReceivedAtUtc < before).ExecuteDeleteAsync(ct);
    }
}
