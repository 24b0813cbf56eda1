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
    public const string ReminderPurpose = NoticeFollowUps.Reminder;
    public const string DigestPurpose = NoticeFollowUps.Digest;
    public const string CallListPurpose = NoticeFollowUps.CallList;
    private const int NoticesPerRun = 20;

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
        var digests = new Dictionary<Guid, List<Notice>>();
        foreach (var notice in notices)
        {
            var claimed = await db.Notices.Where(n => n.Id == notice.Id && n.RemindedAtUtc == null)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.RemindedAtUtc, now.UtcDateTime), ct);
            if (claimed == 0) continue;
            // Whom the follow-up can reach, asked as the dispatcher asks it (ChannelReach) for the follow-up's purpose: a
            // subscribe grant counts only for a purpose with a subscribe template (digests have none unless configured by
            // name, TemplateCatalog), following the OA only with an OA template for it, and the customer window only for
            // a follower who wrote within it and has messages of it left.
            var purpose = notice.RequiresConfirmation ? ReminderPurpose : DigestPurpose;
            var grantTemplate = templates.Subscribe(purpose)?.TemplateId;
            var outstanding = await (
                from r in db.NoticeRecipients
                where r.NoticeId == notice.Id && (notice.RequiresConfirmation ? r.ConfirmedAtUtc == null : r.ReadAtUtc == null)
                join u in db.Users on r.UserId equals u.Id
                select new
                {
                    Recipient = new Recipient(u.Id, u.MiniProgramOpenId, u.OfficialAccountOpenId, u.FollowsOfficialAccount, u.LastOfficialAccountMessageAtUtc),
                    HasGrant = grantTemplate != null && db.SubscribeGrants.Any(g => g.UserId == u.Id && g.TemplateId == grantTemplate && (g.LongTerm || g.Remaining > 0)),
                }).ToListAsync(ct);
            var customerBudget = await ChannelReach.CustomerBudgetAsync(db, outstanding.Select(p => p.Recipient), now, ct);

            var unreachable = new List<Guid>();
            foreach (var (person, hasGrant) in outstanding.Select(p => (p.Recipient, p.HasGrant)))
            {
                var reachable = hasGrant && ChannelReach.Subscribe(templates, purpose, person) is not null
                    || ChannelReach.Template(templates, purpose, person) is not null
                    || customerBudget.GetValueOrDefault(person.UserId) > 0;
                if (!reachable)
                    unreachable.Add(person.UserId);
                else if (notice.RequiresConfirmation)
                    db.Send(person.UserId, new MessageDraft(ReminderPurpose, $"请确认：{notice.Title}", notice.Body, notice.Link), now);
                else
                    (digests.TryGetValue(person.UserId, out var list) ? list : digests[person.UserId] = []).Add(notice);
            }
            if (unreachable.Count > 0)
                await SendCallListAsync(db, notice, unreachable, now, ct);
            log.LogInformation("Notice {NoticeId}: {Outstanding} outstanding, {Unreachable} on the call list", notice.Id, outstanding.Count, unreachable.Count);
        }

        foreach (var (userId, unread) in digests)
            db.Send(userId, new MessageDraft(DigestPurpose, $"您有 {unread.Count} 条未读通知",
                string.Join("\n", unread.Select(n => "· " + n.Title)), "pages/notice/index"), now);
        await db.SaveChangesAsync(ct);
        return 0;
    }

    /// <summary>
    /// Tells the notice's author whom to phone, each person named so the author can act on it (<see cref="RecipientLabels"/>:
    /// "四年级二班 王小明的家长", a volunteer's real name), as far as the author may still see them as staff. Every child named
    /// is an audited read (<c>NoticeCallList</c>).
    /// </summary>
    private static async Task SendCallListAsync(CareDb db, Notice notice, List<Guid> unreachable, DateTimeOffset now, CancellationToken ct)
    {
        var labels = await RecipientLabels.ForStaffAsync(db, notice.AuthorId, notice.OrganizationId, unreachable, ct);
        var ordered = labels.Values.OrderBy(l => l.Text, StringComparer.Ordinal).ThenBy(l => l.UserId).ToList();
        var intro = $"以下 {unreachable.Count} 人尚未{(notice.RequiresConfirmation ? "确认" : "阅读")}通知《{notice.Title}》，且无法通过微信提醒，请电话联系：";
        var (names, shown) = NamesOf(ordered, MaxBody - intro.Length);
        RecipientLabels.AuditShown(db, notice.AuthorId, shown, "NoticeCallList", now);
        db.Send(notice.AuthorId, new MessageDraft(CallListPurpose, $"待电话联系：{notice.Title}", intro + names, notice.UnreadLink), now);
    }

    /// <summary>The outbox and inbox body column holds 4000 characters.</summary>
    private const int MaxBody = 4000;

    /// <summary>
    /// The people for the call list, cut so the message stays within its column (a large school could have hundreds):
    /// at most a hundred, and no more than <paramref name="room"/> characters. The full list is on the notice's unread
    /// page the message links to. Returns the labels it shows, whose children are read.
    /// </summary>
    private static (string Text, List<RecipientLabel> Shown) NamesOf(List<RecipientLabel> labels, int room)
    {
        const int Listed = 100;
        const string Separator = "；";
        const string More = " 等（完整名单见通知的未读页面）";
        var shown = new List<RecipientLabel>();
        var length = 0;
        foreach (var label in labels)
        {
            var added = (shown.Count == 0 ? 0 : Separator.Length) + label.Text.Length;
            if (shown.Count == Listed || length + added > room - More.Length) break;
            shown.Add(label);
            length += added;
        }
        var text = string.Join(Separator, shown.Select(l => l.Text));
        return (shown.Count == labels.Count ? text : text + More, shown);
    }
}
