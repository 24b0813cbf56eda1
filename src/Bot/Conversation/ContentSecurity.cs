using WechatCare.Domain.Common;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// Free text a person writes through the bot that other people will read (a contact note, a pledge message…) passes
/// WeChat's <c>wxa/msg_sec_check</c> first. WeChat judges per mini-program user, so the writer must be linked.
/// </summary>
public sealed class ContentSecurity(WechatClients wechat)
{
    /// <summary>Throws <c>content_rejected</c> (422) unless WeChat says the text may be published.</summary>
    public async Task EnsurePublishableAsync(ChatContext writer, string text, CancellationToken ct)
    {
        var openId = writer.MiniProgramOpenId ?? throw new ForbiddenException("请先绑定账号");
        WxaMsgSecCheckResponse verdict;
        try
        {
            verdict = await wechat.MiniProgram.ExecuteWxaMsgSecCheckAsync(new WxaMsgSecCheckRequest { Content = text, OpenId = openId }, ct);
        }
        catch (WechatApiException e)
        {
            throw new WechatUnavailableException("内容安全检查暂时不可用，请稍后再试", e);
        }
        if (verdict.Result.Suggest != WxaMsgSecCheckResponse.Pass)
            throw new DomainException("content_rejected", "内容未通过微信安全检查，请修改后再发");
    }
}
