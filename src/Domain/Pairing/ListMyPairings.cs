using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>The caller's active pairings as a mentor, each with its members and current cadence.</summary>
public sealed record ListMyPairingsQuery(Guid CallerId) : IQuery<IReadOnlyList<PairingView>>;

public sealed class ListMyPairingsHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : IQueryHandler<ListMyPairingsQuery, IReadOnlyList<PairingView>>
{
    public async ValueTask<IReadOnlyList<PairingView>> Handle(ListMyPairingsQuery query, CancellationToken ct)
    {
        var ids = await db.Pairings.AsNoTracking().Where(p => p.EndedAtUtc == null && p.Mentors.Any(m => m.UserId == query.CallerId))
            .OrderBy(p => p.StartedAtUtc).Select(p => p.Id).Take(50).ToListAsync(ct);
        var views = new List<PairingView>();
        var get = new GetPairingHandler(db, clock, options);
        foreach (var id in ids) views.Add(await get.Handle(new GetPairingQuery(query.CallerId, id), ct));
        return views;
    }
}
