using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinMessageCustomEndpoints
{
    /// <summary>[POST] /cgi-bin/message/custom/send — only within 48 h of the user's last message (45015/45047 otherwise). Not retried.</summary>
    public static Task<WechatEmptyResponse> ExecuteCgibinMessageCustomSendAsync(
        this WechatApiClient client, CgibinMessageCustomSendRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.SendAsync<WechatEmptyResponse>(WechatCall.Post("cgi-bin/message/custom/send", request), ct);
    }

    /// <summary>[POST] /cgi-bin/message/custom/typing (Official Account; the mini-program uses custom/business/typing).</summary>
    public static Task<WechatEmptyResponse> ExecuteCgibinMessageCustomTypingAsync(
        this WechatApiClient client, CgibinMessageCustomTypingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.SendAsync<WechatEmptyResponse>(WechatCall.Post("cgi-bin/message/custom/typing", request), ct);
    }
}
