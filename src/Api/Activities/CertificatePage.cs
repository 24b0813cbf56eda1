using System.Globalization;
using System.Net;
using System.Text;
using WechatCare.Domain.Activities;

namespace WechatCare.Api.Activities;

/// <summary>The 志愿服务记录证明 as one print-ready HTML page (A4, the browser's "save as PDF" makes the PDF).</summary>
public static class CertificatePage
{
    public static string Render(CertificateDocument c, string verifyUrl)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Hours(decimal h) => h.ToString("0.#", CultureInfo.InvariantCulture);
        var rows = new StringBuilder();
        foreach (var i in c.Items)
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.StartsAt:yyyy-MM-dd}</td><td>{E(i.Title)}</td><td class=\"n\">{Hours(i.Hours)}</td></tr>");
        return $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>志愿服务记录证明 {{E(c.VerificationCode)}}</title>
            <style>
              @page { size: A4; margin: 20mm; }
              body { font-family: "Noto Serif CJK SC", "Songti SC", serif; color: #111; max-width: 170mm; margin: 0 auto; }
              h1 { text-align: center; letter-spacing: .3em; font-size: 26pt; margin: 10mm 0 8mm; }
              p { font-size: 13pt; line-height: 2; text-indent: 2em; }
              table { width: 100%; border-collapse: collapse; margin: 6mm 0; font-size: 11pt; }
              th, td { border: 1px solid #444; padding: 2mm 3mm; } td.n { text-align: right; }
              tr { page-break-inside: avoid; }
              .sign { text-align: right; margin-top: 12mm; font-size: 13pt; line-height: 2; }
              .verify { margin-top: 10mm; font-size: 9pt; color: #555; border-top: 1px solid #aaa; padding-top: 3mm; }
            </style></head>
            <body>
            <h1>志愿服务记录证明</h1>
            <p>兹证明 <strong>{{E(c.VolunteerName)}}</strong> 在 {{E(c.OrganizationName)}} 参加志愿服务活动共 <strong>{{c.ActivitiesAttended}}</strong> 次，
            累计志愿服务时长 <strong>{{Hours(c.Hours)}}</strong> 小时。具体记录如下：</p>
            <table><thead><tr><th>日期</th><th>活动</th><th>时长（小时）</th></tr></thead><tbody>{{rows}}</tbody></table>
            <p>特此证明。</p>
            <div class="sign">{{E(c.OrganizationName)}}<br>{{c.IssuedAt:yyyy年M月d日}}</div>
            <div class="verify">验证码：{{E(c.VerificationCode)}}　本证明真伪可在 {{E(verifyUrl)}} 查验</div>
            </body></html>
            """;
    }
}
