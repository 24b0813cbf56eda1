using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinMenuEndpoints
{
    /// <summary>[POST] /cgi-bin/menu/create — replaces the whole menu, so a repeat is harmless.</summary>
    public static Task<WechatEmptyResponse> ExecuteCgibinMenuCreateAsync(
        this WechatApiClient client, CgibinMenuCreateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.SendAsync<WechatEmptyResponse>(WechatCall.Post("cgi-bin/menu/create", request, retryable: true), ct);
    }
}
