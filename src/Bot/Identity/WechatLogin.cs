using WechatCare.Domain.Common;
using WechatCare.Domain.Identity;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;

namespace WechatCare.Bot.Identity;

/// <summary>Mini-program login through WeChat's <c>sns/jscode2session</c>; WeChat's refusals become our errors.</summary>
public sealed class WechatLogin(WechatClients wechat) : IWechatLogin
{
    public async ValueTask<WechatIdentity> ExchangeCodeAsync(string code, CancellationToken ct)
    {
        try
        {
            var session = await wechat.MiniProgram.ExecuteSnsJscode2SessionAsync(code, ct);
            return new WechatIdentity(session.OpenId, string.IsNullOrEmpty(session.UnionId) ? null : session.UnionId, session.SessionKey);
        }
        catch (WechatApiException e) when (e.Kind is WechatFailureKind.CodeInvalid or WechatFailureKind.InvalidArgument)
        {
            throw new UnauthenticatedException("wechat_login_failed", "微信登录失败，请重新进入小程序后再试");
        }
        catch (WechatApiException e)
        {
            throw new WechatUnavailableException(inner: e);
        }
    }
}
