using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// The caller's active pairings as a mentor, a page of them, each with its members and current cadence. An audited read:
/// one row per child shown on the page, under <paramref name="Purpose"/> (the bot's commands name their own).
/// </summary>
public sealed record ListMyPairingsQuery(Guid CallerId, PageRequest Paging, string Purpose = PairingReads.ListMyPairings) : IQuery<Page<PairingView>>;

public sealed class ListMyPairingsHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : IQueryHandler<ListMyPairingsQuery, Page<PairingView>>
{
    public async ValueTask<Page<PairingView>> Handle(ListMyPairingsQuery query, CancellationToken ct)
    {
        var mine = db.Pairings.AsNoTracking().Where(p => p.EndedAtUtc == null && p.Mentors.Any(m => m.UserId == query.CallerId));
        var total = await mine.CountAsync(ct);
        var ids = await mine.OrderBy(p => p.StartedAtUtc).ThenBy(p => p.Id).Select(p => p.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        var get = new GetPairingHandler(db, clock, options);
        var views = new List<PairingView>();
        var now = clock.GetUtcNow();
        var audited = new HashSet<Guid>();   // a child in two of the caller's pairings is one read
        foreach (var id in ids)
        {
            var (view, relation) = await get.ViewAsync(query.CallerId, id, ct);
            db.AuditChildReads(view.Children.Select(c => c.Id).Where(audited.Add).ToList(), query.CallerId, relation, PairingReads.PageFields, query.Purpose, now);
            views.Add(view);
        }
        await db.SaveChangesAsync(ct);
        return new Page<PairingView>(views, total);
    }
}
