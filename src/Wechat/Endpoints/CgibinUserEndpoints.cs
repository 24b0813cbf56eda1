using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinUserEndpoints
{
    /// <summary>[GET] /cgi-bin/user/info — whether an OA openid follows, and its unionid.</summary>
    public static Task<CgibinUserInfoResponse> ExecuteCgibinUserInfoAsync(
        this WechatApiClient client, string openId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        var call = WechatCall.Get("cgi-bin/user/info").With("openid", openId).With("lang", "zh_CN");
        return client.SendAsync<CgibinUserInfoResponse>(call, ct);
    }

    /// <summary>[POST] /cgi-bin/user/info/batchget — up to 100 openids per call.</summary>
    public static Task<CgibinUserInfoBatchGetResponse> ExecuteCgibinUserInfoBatchGetAsync(
        this WechatApiClient client, CgibinUserInfoBatchGetRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Users.Count, CgibinUserInfoBatchGetRequest.MaxUsers);
        return client.SendAsync<CgibinUserInfoBatchGetResponse>(WechatCall.Post("cgi-bin/user/info/batchget", request, retryable: true), ct);
    }
}
