using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Messaging;

public sealed record GetMyMessagesQuery(Guid CallerId, bool UnreadOnly, PageRequest Paging) : IQuery<Page<InboxItem>>;

public sealed record InboxItem(Guid Id, string Purpose, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static InboxItem From(InboxMessage m) => new(m.Id, m.Purpose, m.Title, m.Body, m.Link,
        ChinaTime.ToChina(m.CreatedAtUtc), m.ReadAtUtc is { } r ? ChinaTime.ToChina(r) : null);
}

public sealed class GetMyMessagesHandler(CareDb db, TimeProvider clock) : IQueryHandler<GetMyMessagesQuery, Page<InboxItem>>
{
    public async ValueTask<Page<InboxItem>> Handle(GetMyMessagesQuery query, CancellationToken ct)
    {
        // Scheduled messages appear in the inbox only once they are due.
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = db.Inbox.AsNoTracking().Where(m => m.UserId == query.CallerId && m.CreatedAtUtc <= now);
        if (query.UnreadOnly) mine = mine.Where(m => m.ReadAtUtc == null);

        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(m => m.CreatedAtUtc).ThenByDescending(m => m.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        var items = rows.Select(InboxItem.From).ToList();
        return new Page<InboxItem>(items, total);
    }
}
