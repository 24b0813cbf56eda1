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
        if (options.Value.UnprotectedReadsForBenchmark) return await UnprotectedAsync(query.ChildId, ct);
        // One query (scope, record and parents' contacts); the audit row joins the next group commit and the answer
        // waits for it.
        var (visible, parents) = await db.FindVisibleWithParentsAsync(query.CallerId, query.ChildId, ct);
        visible.EnsureConsentCurrent(options.Value);
        var (view, audit) = ChildVisibility.Show(visible, parents, query.CallerId, "GetChild", cipher, clock.GetUtcNow());
        await audits.WriteAsync(audit);
        return view;
    }

    /// <summary>The same row and shape with no scope, no decryption and no audit: the benchmark's "privacy off" baseline.</summary>
    private async Task<ChildView> UnprotectedAsync(Guid childId, CancellationToken ct)
    {
        var c = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Id == childId, ct) ?? throw new NotFoundException("该儿童档案");
        return new ChildView
        {
            Id = c.Id, OrganizationId = c.OrganizationId, Name = c.Name, Grade = c.Grade, Hobbies = c.Hobbies, Relation = "staff",
            Gender = c.Gender, BirthDate = c.BirthDate, ClassName = c.ClassName, LeftBehind = c.LeftBehind, Personality = c.Personality, Status = c.Status,
            Guardian = new GuardianView(c.GuardianName, c.GuardianRelation, c.GuardianPhoneCipher, c.GuardianAddressCipher), HealthNotes = c.HealthNotesCipher,
        };
    }
}
