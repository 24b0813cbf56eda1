using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

public sealed record GetChildQuery(Guid CallerId, Guid ChildId) : IQuery<ChildView>;

public sealed class GetChildHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options, ChildAuditWriter audits)
    : IQueryHandler<GetChildQuery, ChildView>
{
    public async ValueTask<ChildView> Handle(GetChildQuery query, CancellationToken ct)
    {
        // One query (scope, record and parents' contacts); the audit row joins the next group commit and the answer
        // waits for it.
        var (visible, parents) = await db.FindVisibleWithParentsAsync(query.CallerId, query.ChildId, ct);
        visible.EnsureConsentCurrent(options.Value);
        if (options.Value.UnprotectedReadsForBenchmark) return WithoutDecryptionOrAudit(visible, parents);
        var (view, audit) = ChildVisibility.Show(visible, parents, query.CallerId, "GetChild", cipher, clock.GetUtcNow());
        await audits.WriteAsync(audit);
        return view;
    }

    /// <summary>
    /// The benchmark's baseline: the same scoped query and shape, but the protected fields stay ciphertext and no audit
    /// row is written ("the same read with encryption/audit off").
    /// </summary>
    private static ChildView WithoutDecryptionOrAudit(VisibleChild visible, IReadOnlyList<ParentContact> parents)
    {
        var c = visible.Child;
        return new ChildView
        {
            Id = c.Id, OrganizationId = c.OrganizationId, Name = c.Name, Grade = c.Grade, Hobbies = c.Hobbies, Relation = visible.Relation,
            Gender = c.Gender, BirthDate = c.BirthDate, ClassName = c.ClassName, LeftBehind = c.LeftBehind, Personality = c.Personality, Status = c.Status,
            Guardian = new GuardianView(c.GuardianName, c.GuardianRelation, c.GuardianPhoneCipher, c.GuardianAddressCipher), HealthNotes = c.HealthNotesCipher,
            Parents = parents.Select(p => new ParentView(p.Name, p.PhoneCipher, p.WorkCityCipher)).ToList(),
        };
    }
}
