using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinQrcodeEndpoints
{
    /// <summary>[POST] /cgi-bin/qrcode/create — a parametric OA QR code; scanning it sends subscribe (qrscene_…) or SCAN.</summary>
    public static Task<CgibinQrcodeCreateResponse> ExecuteCgibinQrcodeCreateAsync(
        this WechatApiClient client, CgibinQrcodeCreateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.SendAsync<CgibinQrcodeCreateResponse>(WechatCall.Post("cgi-bin/qrcode/create", request), ct);
    }
}
