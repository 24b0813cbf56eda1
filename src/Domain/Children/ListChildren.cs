using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>Staff list an organisation's children (optionally one class, or by the guardian's phone through its keyed hash).</summary>
public sealed record ListChildrenQuery(Guid CallerId, Guid OrganizationId, string? ClassName, string? GuardianPhone, PageRequest Paging)
    : IQuery<Page<ChildListItem>>;

public sealed record ChildListItem(Guid Id, string Name, int Grade, string ClassName, ChildStatus Status);

public sealed class ListChildrenHandler(CareDb db, FieldCipher cipher, TimeProvider clock) : IQueryHandler<ListChildrenQuery, Page<ChildListItem>>
{
    public async ValueTask<Page<ChildListItem>> Handle(ListChildrenQuery query, CancellationToken ct)
    {
        await db.RequireStaffAsync(query.CallerId, query.OrganizationId, ct);
        var children = db.VisibleTo(query.CallerId).Where(v => v.Staff && v.Child.OrganizationId == query.OrganizationId).Select(v => v.Child);
        if (!string.IsNullOrWhiteSpace(query.ClassName))
        {
            var classNames = await ClassNames.MatchingAsync(children, query.ClassName, ct);
            children = children.Where(c => classNames.Contains(c.ClassName));
        }
        if (!string.IsNullOrWhiteSpace(query.GuardianPhone))
        {
            // Current and previous keys' hashes, so rows not yet re-encrypted after a key rotation are still found; and
            // the forms with the country code that rows written before it was dropped still carry.
            var hashes = Child.PhoneLookupForms(query.GuardianPhone).SelectMany(cipher.LookupHashes).ToList();
            children = children.Where(c => c.GuardianPhoneHash != null && hashes.Contains(c.GuardianPhoneHash));
        }
        var total = await children.CountAsync(ct);
        var rows = await children.AsNoTracking().OrderBy(c => c.ClassName).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(query.Paging.Skip).Take(query.Paging.Take)
            .Select(c => new ChildListItem(c.Id, c.Name, c.Grade, c.ClassName, c.Status)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
            db.ChildReadAudits.Add(ChildReadAudit.Record(row.Id, query.CallerId, "staff", ["name", "grade", "className", "status"], "ListChildren", now));
        await db.SaveChangesAsync(ct);
        return new Page<ChildListItem>(rows, total);
    }
}
