using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WechatCare.Wechat.Push;

namespace WechatCare.Wechat;

/// <summary>The /sandbox page: what the fake WeChat "delivered", and a form that plays an Official Account user.</summary>
public static class WechatSandboxEndpoints
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Maps GET /sandbox and POST /sandbox/simulate — only in Sandbox mode; otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapWechatSandbox(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WechatOptions>>().Value;
        if (options.Mode != WechatMode.Sandbox) return endpoints;

        endpoints.MapGet("/sandbox", async (WechatSandbox sandbox) =>
            Results.Content(Page(await sandbox.GetServerAsync(), result: null), "text/html; charset=utf-8"));

        endpoints.MapPost("/sandbox/simulate", async (HttpContext http, WechatSandbox sandbox, IHttpClientFactory httpClients, TimeProvider clock) =>
        {
            var form = await http.Request.ReadFormAsync();
            var openId = form["openid"].ToString().Trim();
            var content = form["content"].ToString();
            var server = await sandbox.GetServerAsync();
            server.RecordUserMessage(openId);
            var result = await SimulateTextMessageAsync(http, httpClients, options.OfficialAccount, clock, openId, content);
            return Results.Content(Page(server, result), "text/html; charset=utf-8");
        }).DisableAntiforgery();

        return endpoints;
    }

    /// <summary>Signs (and, with an EncodingAesKey, encrypts) a text push exactly as WeChat would, and POSTs it to our own callback.</summary>
    private static async Task<string> SimulateTextMessageAsync(HttpContext http, IHttpClientFactory httpClients, WechatAppOptions oa,
        TimeProvider clock, string openId, string content)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var message = new XElement("xml",
            new XElement("ToUserName", new XCData("gh_sandbox0000")),
            new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", now),
            new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(content)),
            new XElement("MsgId", RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture))).ToString(SaveOptions.DisableFormatting);

        var query = $"signature={WechatMessageCrypto.Sign(oa.Token, now, nonce)}&timestamp={now}&nonce={nonce}&openid={Uri.EscapeDataString(openId)}";
        var body = message;
        if (!string.IsNullOrEmpty(oa.EncodingAesKey))
        {
            var encrypt = WechatMessageCrypto.Encrypt(WechatMessageCrypto.KeyFrom(oa.EncodingAesKey), RandomNumberGenerator.GetBytes(16), message, oa.AppId);
            query += $"&encrypt_type=aes&msg_signature={WechatMessageCrypto.Sign(oa.Token, now, nonce, encrypt)}";
            body = new XElement("xml", new XElement("ToUserName", new XCData("gh_sandbox0000")), new XElement("Encrypt", new XCData(encrypt)))
                .ToString(SaveOptions.DisableFormatting);
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}/wechat/callback?{query}";
        try
        {
            using var response = await httpClients.CreateClient().PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
            var reply = await response.Content.ReadAsStringAsync();
            return $"/wechat/callback 回应 HTTP {(int)response.StatusCode}：{reply}";
        }
        catch (HttpRequestException e)
        {
            return $"无法连接 /wechat/callback：{e.Message}";
        }
    }

    private static string Page(Fake.FakeWechatServer server, string? result)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        var html = new StringBuilder("""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>微信沙箱</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}code{word-break:break-all}</style>
            </head><body><h1>微信沙箱</h1><p>此页面仅在沙箱模式下可用：所有微信接口调用都由内置的模拟微信服务器应答，不会发给真实用户。</p>
            """);
        if (result is not null) html.Append($"<p><strong>模拟结果：</strong><code>{E(result)}</code></p>");
        html.Append($"""
            <h2>模拟公众号用户发消息</h2>
            <form method="post" action="/sandbox/simulate">
            <label>用户 openid：<input name="openid" size="40" value="{E(Fake.FakeWechatServer.SandboxOpenId("demo-parent"))}"></label>
            <label>消息内容：<input name="content" size="40" value="你好"></label>
            <button type="submit">发送到 /wechat/callback</button></form>
            <h2>已发送的消息（最近 50 条）</h2><table><tr><th>时间</th><th>接口</th><th>接收人</th><th>内容</th></tr>
            """);
        foreach (var delivery in server.Deliveries.TakeLast(50).Reverse())
            html.Append($"<tr><td>{Time(delivery.At)}</td><td>{E(delivery.Path)}</td><td>{E(delivery.ToUser)}</td><td><code>{E(delivery.Body)}</code></td></tr>");
        html.Append("</table><h2>接口调用记录（最近 50 次）</h2><table><tr><th>时间</th><th>接口</th><th>错误码</th><th>应答</th></tr>");
        foreach (var call in server.Calls.TakeLast(50).Reverse())
            html.Append($"<tr><td>{Time(call.At)}</td><td>{E(call.Path)}</td><td>{call.ErrorCode}</td><td><code>{E(call.Answer)}</code></td></tr>");
        return html.Append("</table></body></html>").ToString();
    }
}
