using System.Net;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>The printable 爱心结对卡 (HTML) a mentor can show: organisation, mentors, children (name, grade), duties, start date. Audited per child.</summary>
public sealed record GetPairingCardQuery(Guid CallerId, Guid PairingId) : IQuery<string>;

public sealed class GetPairingCardHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : IQueryHandler<GetPairingCardQuery, string>
{
    public async ValueTask<string> Handle(GetPairingCardQuery query, CancellationToken ct)
    {
        var (view, relation) = await new GetPairingHandler(db, clock, options).ViewAsync(query.CallerId, query.PairingId, ct);
        var org = await db.Organizations.FindAsync([view.OrganizationId], ct);
        var ids = view.Children.Select(v => v.Id).ToList();
        var grades = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Grade, ct);
        db.AuditChildReads(ids, query.CallerId, relation, ["name", "grade"], PairingReads.GetPairingCard, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var duties = view.Cadence.Select(c => c.Rule.Description).Distinct().ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>爱心结对卡</title>")
            .Append("<style>body{font-family:sans-serif;max-width:560px;margin:24px auto;border:2px solid #e4572e;border-radius:12px;padding:24px}")
            .Append("h1{color:#e4572e;text-align:center}dt{font-weight:bold;margin-top:12px}@media print{body{border-color:#000}}</style></head><body>")
            .Append("<h1>爱心结对卡</h1><dl>")
            .Append($"<dt>组织</dt><dd>{E(org?.Name)}</dd>")
            .Append($"<dt>结对人</dt><dd>{string.Join("、", view.Mentors.Select(m => E(m.Name)))}</dd>")
            .Append($"<dt>结对儿童</dt><dd>{string.Join("、", view.Children.Select(c => $"{E(c.Name)}（{grades.GetValueOrDefault(c.Id)}年级）"))}</dd>")
            .Append($"<dt>结对日期</dt><dd>{view.StartedAt:yyyy年M月d日}{(view.EndedAt is { } e ? $" 至 {e:yyyy年M月d日}" : "起")}</dd>");
        if (duties.Count > 0) html.Append($"<dt>帮扶约定</dt><dd>{string.Join("<br>", duties.Select(E))}</dd>");
        html.Append("</dl><p style=\"text-align:center\">用心陪伴，温暖成长</p></body></html>");
        return html.ToString();
    }
}
