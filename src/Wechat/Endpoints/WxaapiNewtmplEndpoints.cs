using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class WxaapiNewtmplEndpoints
{
    /// <summary>[GET] /wxaapi/newtmpl/gettemplate — the mini-program's subscribe-message templates.</summary>
    public static Task<WxaapiNewtmplGetTemplateResponse> ExecuteWxaapiNewtmplGetTemplateAsync(this WechatApiClient client, CancellationToken ct = default) =>
        client.SendAsync<WxaapiNewtmplGetTemplateResponse>(WechatCall.Get("wxaapi/newtmpl/gettemplate"), ct);
}
