using Microsoft.Extensions.Logging;
using WechatCare.Domain.Notices;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;

namespace WechatCare.Bot.Delivery;

/// <summary>WeChat <c>wxa/msg_sec_check</c> v2 on the author's behalf. Anything but a verdict means nobody judged the text.</summary>
public sealed class WechatContentCheck(WechatClients wechat, ILogger<WechatContentCheck> log) : IContentCheck
{
    private const int ForumScene = 3;

    public async Task<ContentVerdict> CheckAsync(string? authorMiniProgramOpenId, string title, string body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authorMiniProgramOpenId)) return ContentVerdict.Unavailable;
        try
        {
            var answer = await wechat.MiniProgram.ExecuteWxaMsgSecCheckAsync(new WxaMsgSecCheckRequest
            {
                Content = $"{title}\n{body}",
                Title = title,
                Scene = ForumScene,
                OpenId = authorMiniProgramOpenId,
            }, ct);
            return answer.Result.Suggest switch
            {
                WxaMsgSecCheckResponse.Pass => ContentVerdict.Pass,
                WxaMsgSecCheckResponse.Risky => ContentVerdict.Risky,
                _ => ContentVerdict.Review,
            };
        }
        catch (WechatApiException e) when (e.Kind == WechatFailureKind.ContentRisky)
        {
            return ContentVerdict.Risky;
        }
        catch (WechatApiException e)
        {
            log.LogWarning("Content security unavailable (errcode {ErrorCode}); the notice is held for a person", e.ErrorCode);
            return ContentVerdict.Unavailable;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An answer we cannot read is no verdict either: hold the notice rather than fail the author's request.
            log.LogWarning("Content security answer unreadable ({Error}); the notice is held for a person", e.GetType().Name);
            return ContentVerdict.Unavailable;
        }
    }
}
