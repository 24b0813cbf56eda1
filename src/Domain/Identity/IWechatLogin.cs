namespace WechatCare.Domain.Identity;

/// <summary>
/// Exchanges a mini-program <c>wx.login</c> code for the user's identity (WeChat <c>sns/jscode2session</c>).
/// Implemented by the bot's WeChat adapter; Domain never sees WeChat wire types.
/// Throws <see cref="Common.UnauthenticatedException"/> (<c>wechat_login_failed</c>) when WeChat refuses the code and
/// <see cref="Common.WechatUnavailableException"/> when WeChat cannot be reached.
/// </summary>
public interface IWechatLogin
{
    ValueTask<WechatIdentity> ExchangeCodeAsync(string code, CancellationToken ct);
}

public sealed record WechatIdentity(string OpenId, string? UnionId, string SessionKey);
