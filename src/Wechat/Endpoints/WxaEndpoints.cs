using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class WxaEndpoints
{
    /// <summary>[POST] /wxa/msg_sec_check (v2). Only a returned verdict (pass/review/risky) means WeChat judged the text.</summary>
    public static Task<WxaMsgSecCheckResponse> ExecuteWxaMsgSecCheckAsync(
        this WechatApiClient client, WxaMsgSecCheckRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.SendAsync<WxaMsgSecCheckResponse>(WechatCall.Post("wxa/msg_sec_check", request, retryable: true), ct);
    }

    /// <summary>[POST] /wxa/getwxacodeunlimit — image bytes on success; a JSON errcode (also HTTP 200) becomes an exception.</summary>
    public static async Task<WxaGetWxaCodeUnlimitResponse> ExecuteWxaGetWxaCodeUnlimitAsync(
        this WechatApiClient client, WxaGetWxaCodeUnlimitRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await client.SendRawAsync(WechatCall.Post("wxa/getwxacodeunlimit", request, retryable: true), ct);
        return new WxaGetWxaCodeUnlimitResponse(answer.Body, answer.ContentType ?? "image/jpeg");
    }

    /// <summary>[POST] /wxa/business/getuserphonenumber — the code from the getPhoneNumber button. Not retried: the code works once.</summary>
    public static Task<WxaBusinessGetUserPhoneNumberResponse> ExecuteWxaBusinessGetUserPhoneNumberAsync(
        this WechatApiClient client, string code, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var call = WechatCall.Post("wxa/business/getuserphonenumber", new WxaBusinessGetUserPhoneNumberRequest { Code = code });
        return client.SendAsync<WxaBusinessGetUserPhoneNumberResponse>(call, ct);
    }
}
