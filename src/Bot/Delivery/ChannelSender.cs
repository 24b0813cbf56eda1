using WechatCare.Domain.Messaging;
using WechatCare.Wechat;
using WechatCare.Wechat.Models;

namespace WechatCare.Bot.Delivery;

/// <summary>What the dispatcher knows of a recipient (no names: nothing personal is logged or kept).</summary>
public sealed record Recipient(Guid UserId, string? MiniProgramOpenId, string? OfficialAccountOpenId, bool Follows, DateTime? LastOfficialAccountMessageAtUtc);

/// <summary>Sends one message on one WeChat channel. Throws <see cref="Wechat.Errors.WechatApiException"/> on any refusal.</summary>
public sealed class ChannelSender(WechatClients wechat)
{
    private const int CustomerTextLimit = 600;

    public static WechatApp AppOf(string channel) => channel == DeliveryChannel.Subscribe ? WechatApp.MiniProgram : WechatApp.OfficialAccount;

    /// <summary>
    /// The page a message opens; <c>m</c> carries our message id, which the page marks read with
    /// <c>POST /api/me/messages/{m}/read</c> (a notice's own pages also mark it read themselves: opening the notice, its
    /// unread list).
    /// </summary>
    public static string PageFor(OutboxMessage message)
    {
        var page = message.Link ?? "pages/messages/index";
        return $"{page}{(page.Contains('?') ? '&' : '?')}m={message.Id:N}";
    }

    public Task SubscribeAsync(OutboxMessage message, Recipient to, TemplateMapping template, CancellationToken ct) =>
        wechat.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(new CgibinMessageSubscribeSendRequest
        {
            ToUserOpenId = to.MiniProgramOpenId!,
            TemplateId = template.TemplateId,
            Page = PageFor(message),
            Data = template.ValuesFor(message),
        }, ct);

    public Task TemplateAsync(OutboxMessage message, Recipient to, TemplateMapping template, CancellationToken ct) =>
        wechat.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(new CgibinMessageTemplateSendRequest
        {
            ToUserOpenId = to.OfficialAccountOpenId!,
            TemplateId = template.TemplateId,
            // WeChat sends one message per openid + client_msg_id: a repeat after a crash is not delivered twice.
            ClientMessageId = message.Id.ToString("N"),
            MiniProgram = new CgibinMessageTemplateSendRequest.Types.MiniProgram { AppId = wechat.MiniProgram.AppId, PagePath = PageFor(message) },
            Data = template.ValuesFor(message),
        }, ct);

    public Task CustomerAsync(OutboxMessage message, Recipient to, CancellationToken ct)
    {
        var text = $"【{message.Title}】\n{message.Body}";
        if (text.Length > CustomerTextLimit) text = text[..(CustomerTextLimit - 1)] + "…";
        return wechat.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(to.OfficialAccountOpenId!, text), ct);
    }
}
