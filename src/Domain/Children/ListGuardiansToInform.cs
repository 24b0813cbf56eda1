using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// Breach helper (PIPL Art. 57): for the child records a breach touched, who must be told — each guardian with their
/// phone, and the linked parents' user ids (who can also be messaged in the app). Organizers only; each record read is audited.
/// </summary>
public sealed record ListGuardiansToInformQuery(Guid CallerId, Guid OrganizationId, IReadOnlyList<Guid> ChildIds) : IQuery<IReadOnlyList<GuardianToInform>>;

public sealed record GuardianToInform(Guid ChildId, string ChildName, string GuardianName, string GuardianRelation, string? GuardianPhone, IReadOnlyList<Guid> LinkedParentIds);

public sealed class ListGuardiansToInformValidator : AbstractValidator<ListGuardiansToInformQuery>
{
    public ListGuardiansToInformValidator() => RuleFor(q => q.ChildIds).NotEmpty().MaxItems(1000);
}

public sealed class ListGuardiansToInformHandler(CareDb db, FieldCipher cipher, TimeProvider clock)
    : IQueryHandler<ListGuardiansToInformQuery, IReadOnlyList<GuardianToInform>>
{
    public async ValueTask<IReadOnlyList<GuardianToInform>> Handle(ListGuardiansToInformQuery query, CancellationToken ct)
    {
        await db.RequireStaffAsync(query.CallerId, query.OrganizationId, ct, Access.Organizers);
        var ids = query.ChildIds.Distinct().ToList();
        // Records of this organisation only, including those waiting for erasure: their guardians must be told too.
        var children = await db.Children.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.OrganizationId == query.OrganizationId && c.Status != ChildStatus.Erased)
            .OrderBy(c => c.Name).ToListAsync(ct);
        var childIds = children.Select(c => c.Id).ToList();
        var links = await db.GuardianLinks.AsNoTracking().Where(l => childIds.Contains(l.ChildId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var child in children)
            db.ChildReadAudits.Add(ChildReadAudit.Record(child.Id, query.CallerId, "staff", ["name", "guardian"], "ListGuardiansToInform", now));
        await db.SaveChangesAsync(ct);
        return children.Select(c => new GuardianToInform(c.Id, c.Name, c.GuardianName, c.GuardianRelation, cipher.DecryptOrNull(c.GuardianPhoneCipher),
            links.Where(l => l.ChildId == c.Id).Select(l => l.UserId).ToList())).ToList();
    }
}
