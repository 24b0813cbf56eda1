using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Notices;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Once per notice, <see cref="DeliveryOptions.ReminderDelay"/> after it went out, follows up on recipients who have not
/// read it (or not confirmed it, when confirmation is required):
/// a notice that needs confirmation gets an individual reminder (it may spend a subscribe grant: this is where it matters);
/// plain unread notices are gathered into one digest per person (never a subscribe message);
/// people no WeChat channel reaches any more go on a call list sent to the notice's author.
/// </summary>
public sealed class NoticeReminderJob(IOptions<DeliveryOptions> options, TemplateCatalog templates, TimeProvider clock, ILogger<NoticeReminderJob> log) : IBotJob
{
    public const string ReminderPurpose = "notice_reminder";
    public const string DigestPurpose = "notice_digest";
    public const string CallListPurpose = "notice_call_list";
    private const int NoticesPerRun = 20;
    private static readonly TimeSpan CustomerWindow = TimeSpan.FromHours(48);

    public string Name => "notice-reminders";
    public TimeSpan Interval => options.Value.ReminderInterval;

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        var db = scope.GetRequiredService<CareDb>();
        var now = clock.GetUtcNow();
        var dueBefore = (now - options.Value.ReminderDelay).UtcDateTime;
        var notices = await db.Notices
            .Where(n => n.Status == NoticeStatus.Published && n.RemindedAtUtc == null && n.PublishedAtUtc <= dueBefore
                        && (n.ScheduledAtUtc == null || n.ScheduledAtUtc <= dueBefore))
            .OrderBy(n => n.PublishedAtUtc).Take(NoticesPerRun).AsNoTracking().ToListAsync(ct);
        if (notices.Count == 0) return;

        // One transaction, each notice claimed in it: a second bot process running this job at the same moment (its
        // lock falls back to a local one while Redis is down) finds the notice taken and reminds nobody twice.
        await db.InTransaction(() => RemindAsync(db, notices, now, ct), ct);
    }

    private async Task<int> RemindAsync(CareDb db, List<Notice> notices, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();   // a retried attempt starts over
        // A subscribe grant reaches someone only for a purpose that has a subscribe template: digests have none unless
        // one is configured for them by name (TemplateCatalog), so a grant alone does not make a digest reach anyone.
        var reminderTemplate = templates.Subscribe(ReminderPurpose)?.TemplateId;
        var digestTemplate = templates.Subscribe(DigestPurpose)?.TemplateId;
        var digests = new Dictionary<Guid, List<Notice>>();
        foreach (var notice in notices)
        {
            var claimed = await db.Notices.Where(n => n.Id == notice.Id && n.RemindedAtUtc == null)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.RemindedAtUtc, now.UtcDateTime), ct);
            if (claimed == 0) continue;
            var grantTemplate = notice.RequiresConfirmation ? reminderTemplate : digestTemplate;
            var outstanding = await (
                from r in db.NoticeRecipients
                where r.NoticeId == notice.Id && (notice.RequiresConfirmation ? r.ConfirmedAtUtc == null : r.ReadAtUtc == null)
                join u in db.Users on r.UserId equals u.Id
                select new
                {
                    u.Id, u.DisplayName, u.MiniProgramOpenId, u.OfficialAccountOpenId, u.FollowsOfficialAccount, u.LastOfficialAccountMessageAtUtc,
                    HasGrant = grantTemplate != null && db.SubscribeGrants.Any(g => g.UserId == u.Id && g.TemplateId == grantTemplate && (g.LongTerm || g.Remaining > 0)),
                }).ToListAsync(ct);

            var windowStart = (now - CustomerWindow).UtcDateTime;
            var unreachable = new List<string>();
            foreach (var person in outstanding)
            {
                var reachable = person.HasGrant && person.MiniProgramOpenId != null
                    || person.OfficialAccountOpenId != null && (person.FollowsOfficialAccount || person.LastOfficialAccountMessageAtUtc >= windowStart);
                if (!reachable)
                    unreachable.Add(person.DisplayName ?? "未署名用户");
                else if (notice.RequiresConfirmation)
                    db.Send(person.Id, new MessageDraft(ReminderPurpose, $"请确认：{notice.Title}", notice.Body, notice.Link), now);
                else
                    (digests.TryGetValue(person.Id, out var list) ? list : digests[person.Id] = []).Add(notice);
            }
            if (unreachable.Count > 0)
                db.Send(notice.AuthorId, new MessageDraft(CallListPurpose, $"待电话联系：{notice.Title}",
                    $"以下 {unreachable.Count} 人尚未{(notice.RequiresConfirmation ? "确认" : "阅读")}通知《{notice.Title}》，且无法通过微信提醒，请电话联系：{NamesOf(unreachable)}",
                    $"pages/notice/unread?id={notice.Id}"), now);
            log.LogInformation("Notice {NoticeId}: {Outstanding} outstanding, {Unreachable} on the call list", notice.Id, outstanding.Count, unreachable.Count);
        }

        foreach (var (userId, unread) in digests)
            db.Send(userId, new MessageDraft(DigestPurpose, $"您有 {unread.Count} 条未读通知",
                string.Join("\n", unread.Select(n => "· " + n.Title)), "pages/notice/index"), now);
        await db.SaveChangesAsync(ct);
        return 0;
    }

    /// <summary>
    /// The names for the call list, cut so the message stays within its column (a large school could have hundreds);
    /// the full list is on the notice's unread page the message links to.
    /// </summary>
    private static string NamesOf(List<string> names)
    {
        const int Listed = 100;
        return names.Count <= Listed ? string.Join("、", names) : $"{string.Join("、", names.Take(Listed))} 等（完整名单见通知的未读页面）";
    }
}
