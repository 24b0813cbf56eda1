using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;
using WechatCare.Domain.Notices;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Completes the releases of notices whose api process died while it wrote the recipients' messages commit by commit:
/// nothing the author published is lost, and nobody gets a message twice (<see cref="NoticeRelease.ResumeAsync"/>).
/// </summary>
public sealed class ResumeNoticeReleasesJob(IOptions<NoticeOptions> options, TimeProvider clock, ILogger<ResumeNoticeReleasesJob> log) : IBotJob
{
    private const int NoticesPerRun = 10;

    public string Name => "notice-releases";
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        var db = scope.GetRequiredService<CareDb>();
        var audiences = scope.GetRequiredService<IAudienceDirectory>();
        var now = clock.GetUtcNow();
        var abandonedBefore = (now - options.Value.ReleaseAbandonedAfter).UtcDateTime;
        var abandoned = await db.Notices.Where(n => n.ReleasePending && n.PublishedAtUtc < abandonedBefore)
            .OrderBy(n => n.PublishedAtUtc).Take(NoticesPerRun).ToListAsync(ct);
        foreach (var notice in abandoned)
        {
            log.LogWarning("Notice {NoticeId} was left half released; writing the messages of the recipients it has not reached", notice.Id);
            await NoticeRelease.ResumeAsync(db, audiences, notice, options.Value.RecipientsPerCommit, now, ct);
        }
    }
}
