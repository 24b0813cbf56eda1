using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinMessageSubscribeEndpoints
{
    /// <summary>
    /// [POST] /cgi-bin/message/subscribe/send. Keyword values are checked first (<see cref="SubscribeMessageFields"/>).
    /// Not retried: a repeat could deliver twice and spend a second grant.
    /// </summary>
    public static Task<CgibinMessageSubscribeSendResponse> ExecuteCgibinMessageSubscribeSendAsync(
        this WechatApiClient client, CgibinMessageSubscribeSendRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubscribeMessageFields.EnsureValid(request.Data);
        return client.SendAsync<CgibinMessageSubscribeSendResponse>(WechatCall.Post("cgi-bin/message/subscribe/send", request), ct);
    }
}
