using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Which WeChat channel can carry a message of a purpose to a person. The dispatcher tries them in this order; the
/// re-reminder job asks the same questions to know whom WeChat cannot reach (its call list), so the two never disagree.
/// </summary>
public static class ChannelReach
{
    /// <summary>
    /// WeChat's customer-service window: 48 hours, 5 messages, after the person last wrote to the Official Account
    /// (REFERENCE §3.3). A follow, a menu click or a QR scan opens only 3 messages for one minute, which a dispatcher that
    /// sends later cannot count on, so only a message the person writes opens it (<see cref="Conversation.ChatEngine"/>).
    /// </summary>
    public static readonly TimeSpan CustomerWindow = TimeSpan.FromHours(48);
    public const int CustomerMessagesPerWindow = 5;

    /// <summary>The purpose's subscribe template, when the person has a mini-program openid (whether a grant is left is the ledger's to say).</summary>
    public static TemplateMapping? Subscribe(TemplateCatalog templates, string purpose, Recipient to) =>
        to.MiniProgramOpenId is null ? null : templates.Subscribe(purpose);

    /// <summary>The purpose's Official Account template, when the person follows the Official Account.</summary>
    public static TemplateMapping? Template(TemplateCatalog templates, string purpose, Recipient to) =>
        to.OfficialAccountOpenId is not null && to.Follows ? templates.OfficialAccount(purpose) : null;

    /// <summary>
    /// Whether the person is inside the customer-service window: a follower (WeChat refuses unfollowed users with 45015)
    /// who wrote to the Official Account within <see cref="CustomerWindow"/>. How many of its messages are left is
    /// <see cref="CustomerBudgetAsync"/>'s.
    /// </summary>
    public static bool InCustomerWindow(Recipient to, DateTimeOffset now) =>
        to.OfficialAccountOpenId is not null && to.Follows && to.LastOfficialAccountMessageAtUtc >= (now - CustomerWindow).UtcDateTime;

    /// <summary>Customer messages each person in the window may still get (5 per window, as WeChat counts them); people outside it are absent.</summary>
    public static async Task<ConcurrentDictionary<Guid, int>> CustomerBudgetAsync(CareDb db, IEnumerable<Recipient> recipients, DateTimeOffset now, CancellationToken ct)
    {
        var windowStart = (now - CustomerWindow).UtcDateTime;
        var open = recipients.Where(r => InCustomerWindow(r, now)).ToDictionary(r => r.UserId, r => r.LastOfficialAccountMessageAtUtc!.Value);
        var budget = new ConcurrentDictionary<Guid, int>();
        if (open.Count == 0) return budget;
        var ids = open.Keys.ToList();
        var sent = await db.Outbox.AsNoTracking()
            .Where(o => ids.Contains(o.RecipientUserId) && o.Channel == DeliveryChannel.Customer && o.Status == OutboxStatus.Delivered && o.DeliveredAtUtc >= windowStart)
            .Select(o => new { o.RecipientUserId, o.DeliveredAtUtc }).ToListAsync(ct);
        foreach (var (userId, since) in open)
            budget[userId] = CustomerMessagesPerWindow - sent.Count(s => s.RecipientUserId == userId && s.DeliveredAtUtc >= since);
        return budget;
    }
}
