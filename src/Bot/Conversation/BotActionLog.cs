using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Data;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// Writes the bot's audit rows through a <see cref="GroupCommit{T}"/>: each push's reply waits for the commit that holds
/// its row — so no answer goes out without its audit row, but 200 pushes a second cost a few commits instead of 200.
/// The same commit moves a follower's "last message" time (WeChat's 48-hour customer-service window) when the caller
/// says it is stale.
/// </summary>
public sealed class BotActionLog(IServiceScopeFactory scopes) : GroupCommit<BotActionLog.Entry>(scopes)
{
    public sealed record Entry(BotAction Action, Guid? MessagedBy);

    /// <param name="messagedBy">The linked user who just wrote to us, when their stored last-message time should move.</param>
    public Task WriteAsync(BotAction action, Guid? messagedBy, CancellationToken ct) => EnqueueAsync(new Entry(action, messagedBy), ct);

    protected override async Task WriteGroupAsync(CareDb db, IReadOnlyList<Entry> group)
    {
        db.BotActions.AddRange(group.Select(e => e.Action));
        var messaged = group.Where(e => e.MessagedBy is not null).GroupBy(e => e.MessagedBy!.Value)
            .ToDictionary(g => g.Key, g => g.Max(e => e.Action.AtUtc));
        if (messaged.Count > 0)
            foreach (var user in await db.Users.Where(u => messaged.Keys.Contains(u.Id)).ToListAsync())
                user.RecordOfficialAccountMessage(new DateTimeOffset(messaged[user.Id], TimeSpan.Zero));
        await db.SaveChangesAsync();
    }
}
