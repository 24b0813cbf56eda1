using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

public sealed record GetChildQuery(Guid CallerId, Guid ChildId) : IQuery<ChildView>;

public sealed class GetChildHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : IQueryHandler<GetChildQuery, ChildView>
{
    public async ValueTask<ChildView> Handle(GetChildQuery query, CancellationToken ct)
    {
        var visible = await db.FindVisibleAsync(query.CallerId, query.ChildId, ct);
        visible.EnsureConsentCurrent(options.Value);
        var view = await db.ShowAsync(visible, query.CallerId, "GetChild", cipher, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
