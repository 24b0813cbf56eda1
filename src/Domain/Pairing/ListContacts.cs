using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// The contacts of one pairing, newest first, notes included. Only this pairing's: a mentor who took over from an
/// earlier pairing cannot open it (404) and so never sees its private notes; organizers can open both.
/// </summary>
public sealed record ListContactsQuery(Guid CallerId, Guid PairingId, PageRequest Page) : IQuery<Page<ContactView>>;

public sealed class ListContactsHandler(CareDb db, FieldCipher cipher, IOptions<ChildrenOptions> options) : IQueryHandler<ListContactsQuery, Page<ContactView>>
{
    public async ValueTask<Page<ContactView>> Handle(ListContactsQuery query, CancellationToken ct)
    {
        // Contacts with a child the pairing no longer shows (left, deletion requested, consent outdated) are hidden with the child.
        var pairing = (await db.FindPairingAsync(query.CallerId, query.PairingId, ct)).Pairing;
        var shown = await db.ShownChildIdsAsync(pairing, options.Value.ConsentPolicyVersion, ct);
        var logs = db.ContactLogs.AsNoTracking().Where(c => c.PairingId == query.PairingId && shown.Contains(c.ChildId));
        var page = await logs.OrderByDescending(c => c.AtUtc).Skip(query.Page.Skip).Take(query.Page.Take).ToListAsync(ct);
        var names = await db.UserNamesAsync(page.Select(c => c.MentorUserId), ct);
        return new Page<ContactView>(page.Select(c => c.View(names, cipher)).ToList(), await logs.CountAsync(ct));
    }
}
