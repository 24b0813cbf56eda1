using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class SnsEndpoints
{
    /// <summary>[GET] /sns/jscode2session — a wx.login code becomes openid (+ unionid) and session_key. A code works once.</summary>
    public static Task<SnsJscode2SessionResponse> ExecuteSnsJscode2SessionAsync(this WechatApiClient client, string jsCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsCode);
        var call = WechatCall.Get("sns/jscode2session", withAccessToken: false)
            .With("appid", client.AppId)
            .With("secret", client.Credentials.AppSecret)
            .With("js_code", jsCode)
            .With("grant_type", "authorization_code");
        return client.SendAsync<SnsJscode2SessionResponse>(call, ct);
    }
}
