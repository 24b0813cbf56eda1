using System.Text;
using WechatCare.Domain.Donations;
using static System.Net.WebUtility;

namespace WechatCare.Api.Endpoints;

/// <summary>Print-ready HTML (the browser's "save as PDF" makes the PDF). Every value is HTML-encoded.</summary>
public static class DonationPages
{
    private const string Style = """
        <style>
          body{font-family:"Noto Serif CJK SC","Songti SC",serif;margin:2em auto;max-width:46em;color:#222}
          h1{text-align:center;letter-spacing:.3em} table{border-collapse:collapse;width:100%;margin:1em 0}
          td,th{border:1px solid #555;padding:.4em .6em;text-align:left} .num{text-align:right}
          .muted{color:#666;font-size:.9em} @media print{.noprint{display:none}}
        </style>
        """;

    public static string Receipt(ReceiptView r) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>捐赠收据 {HtmlEncode(r.Number)}</title>{Style}</head>
        <body>
        <h1>捐赠收据</h1>
        <p class="muted">编号：{HtmlEncode(r.Number)}　　开具日期：{r.IssuedAt:yyyy年M月d日}</p>
        <table>
          <tr><th>捐赠人</th><td>{HtmlEncode(r.DonorName)}</td></tr>
          <tr><th>捐赠金额（小写）</th><td>¥{HtmlEncode(r.AmountYuan)}</td></tr>
          <tr><th>捐赠金额（大写）</th><td>人民币 {HtmlEncode(r.AmountInWords)}</td></tr>
          <tr><th>捐赠用途</th><td>{HtmlEncode(r.Designation)}（{HtmlEncode(r.DriveTitle)}）</td></tr>
          <tr><th>收款单位</th><td>{HtmlEncode(r.OrganizationName)}</td></tr>
        </table>
        <p>感谢您的爱心捐赠！</p>
        <p class="muted">验证码：{HtmlEncode(r.VerificationCode)}（查验地址：/api/public/receipts/{HtmlEncode(r.VerificationCode)}）</p>
        </body></html>
        """;

    public static string Transparency(TransparencyView v)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{HtmlEncode(v.Title)} · 公示</title>{Style}</head>
            <body>
            <h1>{HtmlEncode(v.Title)}</h1>
            <p>{HtmlEncode(v.OrganizationName)}　·　{HtmlEncode(v.Designation)}　·　截止 {v.EndsAt:yyyy年M月d日}</p>
            <p>{HtmlEncode(v.Description)}</p>
            <h2>善款</h2>
            <table>
              <tr><th>目标</th><th>认捐</th><th>已到账（募得）</th><th>已支出</th><th>结余</th></tr>
              <tr><td class="num">{Yuan(v.MoneyTargetFen)}</td><td class="num">{Yuan(v.PledgedFen)}</td><td class="num">{Yuan(v.RaisedFen)}</td>
                  <td class="num">{Yuan(v.SpentFen)}</td><td class="num">{Yuan(v.BalanceFen)}</td></tr>
            </table>
            """);
        if (v.Items.Count > 0)
        {
            html.Append("<h2>物资</h2><table><tr><th>物品</th><th>目标</th><th>认捐</th><th>已收到</th><th>已发放</th></tr>");
            foreach (var i in v.Items)
                html.Append($"<tr><td>{HtmlEncode(i.Name)}</td><td class=\"num\">{i.Target} {HtmlEncode(i.Unit)}</td><td class=\"num\">{i.Pledged}</td><td class=\"num\">{i.Received}</td><td class=\"num\">{i.Distributed}</td></tr>");
            html.Append("</table>");
        }
        html.Append("<h2>爱心接龙</h2><table><tr><th>#</th><th>捐赠人</th><th>金额</th><th>物品</th></tr>");
        foreach (var (d, n) in v.Donors.Select((d, n) => (d, n + 1)))
            html.Append($"<tr><td>{n}</td><td>{HtmlEncode(d.Name)}</td><td class=\"num\">{(d.AmountFen > 0 ? Yuan(d.AmountFen) : "")}</td><td>{HtmlEncode(d.Items)}</td></tr>");
        html.Append("</table><h2>支出明细</h2><table><tr><th>日期</th><th>类别</th><th>预算项</th><th>金额</th></tr>");
        foreach (var e in v.Expenses)
            html.Append($"<tr><td>{e.Date:yyyy-MM-dd}</td><td>{HtmlEncode(e.Category)}{(e.Reversal ? "（冲销）" : "")}</td><td>{HtmlEncode(e.BudgetCategory ?? "")}</td><td class=\"num\">{Yuan(e.AmountFen)}</td></tr>");
        html.Append($"<tr><th colspan=\"3\">合计</th><th class=\"num\">{Yuan(v.SpentFen)}</th></tr></table>");
        if (v.Budget.Count > 0)
        {
            html.Append("<h2>活动预算</h2><table><tr><th>类别</th><th>数量 × 单价</th><th>预算</th><th>已支出</th></tr>");
            foreach (var b in v.Budget)
                html.Append($"<tr><td>{HtmlEncode(b.Category)}</td><td class=\"num\">{b.Quantity} × {Yuan(b.UnitPriceFen)}</td><td class=\"num\">{Yuan(b.PlannedFen)}</td><td class=\"num\">{Yuan(b.SpentFen)}</td></tr>");
            html.Append($"<tr><th colspan=\"2\">共计</th><th class=\"num\">{Yuan(v.Budget.Sum(b => b.PlannedFen))}</th><th class=\"num\">{Yuan(v.Budget.Sum(b => b.SpentFen))}</th></tr></table>");
        }
        html.Append("<p class=\"muted\">本页按汇总方式公示，不含受助儿童的任何个人信息；匿名捐赠人显示为“爱心人士”。</p></body></html>");
        return html.ToString();
    }

    private static string Yuan(long fen) => "¥" + Money.Yuan(fen);
}

/// <summary>The organizer's .xlsx: one sheet each for pledges, receipts and expenses, Chinese headers.</summary>
public static class DonationExport
{
    public static Dictionary<string, object> Sheets(DriveExport e) => new()
    {
        ["认捐"] = e.Pledges.Select(p => new Dictionary<string, object?>
        {
            ["登记时间"] = p.CreatedAt.ToString("yyyy-MM-dd HH:mm"),
            ["捐赠人"] = p.DonorName,
            ["匿名"] = p.Anonymous ? "是" : "否",
            ["认捐金额（元）"] = Money.Yuan(p.AmountFen),
            ["到账金额（元）"] = Money.Yuan(p.ReceivedFen),
            ["物品"] = string.Join("；", p.Items.Select(i => $"{e.ItemNames.GetValueOrDefault(i.ItemId)} ×{i.Quantity}" + (i.Size is null ? "" : $"（{i.Size}）"))),
            ["到货物品"] = string.Join("；", p.Items.Select(i => $"{e.ItemNames.GetValueOrDefault(i.ItemId)} ×{i.ReceivedQuantity}")),
            ["状态"] = p.Status switch { PledgeStatus.Pledged => "已认捐", PledgeStatus.Received => "已到账", PledgeStatus.Distributed => "已发放", _ => "已取消" },
            ["需要收据"] = p.WantsReceipt ? "是" : "否",
        }).ToList(),
        ["收据"] = e.Receipts.Select(r => new Dictionary<string, object?>
        {
            ["编号"] = r.Number, ["捐赠人"] = r.DonorName, ["金额（元）"] = r.AmountYuan, ["大写"] = "人民币 " + r.AmountInWords,
            ["用途"] = r.Designation, ["开具时间"] = r.IssuedAt.ToString("yyyy-MM-dd HH:mm"), ["验证码"] = r.VerificationCode,
        }).ToList(),
        ["支出"] = e.Expenses.Select(x => new Dictionary<string, object?>
        {
            ["日期"] = x.SpentAt.ToString("yyyy-MM-dd"), ["类别"] = x.Category, ["金额（元）"] = Money.Yuan(x.AmountFen),
            ["说明"] = x.Note, ["凭证"] = x.EvidenceRef, ["冲销"] = x.ReversesExpenseId is null ? "" : "是",
        }).ToList(),
    };
}
