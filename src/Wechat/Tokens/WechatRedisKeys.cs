namespace WechatCare.Wechat.Tokens;

/// <summary>Every Redis key the WeChat client uses, built in one place.</summary>
public static class WechatRedisKeys
{
    public static string Token(string appId) => $"wechatcare:token:{appId}";
    public static string TokenLock(string appId) => $"wechatcare:token:{appId}:lock";
}
