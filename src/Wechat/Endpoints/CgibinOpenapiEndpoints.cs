using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinOpenapiEndpoints
{
    /// <summary>[POST] /cgi-bin/openapi/quota/get — today's limit and usage of one API path.</summary>
    public static Task<CgibinOpenapiQuotaGetResponse> ExecuteCgibinOpenapiQuotaGetAsync(
        this WechatApiClient client, string cgiPath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cgiPath);
        var call = WechatCall.Post("cgi-bin/openapi/quota/get", new CgibinOpenapiQuotaGetRequest { CgiPath = cgiPath }, retryable: true);
        return client.SendAsync<CgibinOpenapiQuotaGetResponse>(call, ct);
    }
}
