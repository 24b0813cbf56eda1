using WechatCare.Wechat.Models;

namespace WechatCare.Wechat;

public static class CgibinMessageTemplateEndpoints
{
    /// <summary>
    /// [POST] /cgi-bin/message/template/send. Retried on transient failures only when <c>client_msg_id</c> is set,
    /// because WeChat then delivers one message per openid + id.
    /// </summary>
    public static Task<CgibinMessageTemplateSendResponse> ExecuteCgibinMessageTemplateSendAsync(
        this WechatApiClient client, CgibinMessageTemplateSendRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = WechatCall.Post("cgi-bin/message/template/send", request, retryable: !string.IsNullOrEmpty(request.ClientMessageId));
        return client.SendAsync<CgibinMessageTemplateSendResponse>(call, ct);
    }
}
