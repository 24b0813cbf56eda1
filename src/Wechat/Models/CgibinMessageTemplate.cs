using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/message/template/send — an Official Account template message to a follower.</summary>
public sealed class CgibinMessageTemplateSendRequest
{
    [JsonPropertyName("touser")] public string ToUserOpenId { get; set; } = "";
    [JsonPropertyName("template_id")] public string TemplateId { get; set; } = "";
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("miniprogram")] public Types.MiniProgram? MiniProgram { get; set; }
    /// <summary>WeChat sends one message per openid + client_msg_id within 10 minutes: make it deterministic (e.g. notice-42-openid).</summary>
    [JsonPropertyName("client_msg_id")] public string? ClientMessageId { get; set; }
    [JsonPropertyName("data")] public IDictionary<string, WechatMessageValue> Data { get; set; } = new Dictionary<string, WechatMessageValue>();

    public static class Types
    {
        public sealed class MiniProgram
        {
            [JsonPropertyName("appid")] public string AppId { get; set; } = "";
            [JsonPropertyName("pagepath")] public string? PagePath { get; set; }
        }
    }
}

public sealed class CgibinMessageTemplateSendResponse : WechatApiResponse
{
    [JsonPropertyName("msgid")] public long MessageId { get; set; }
}

/// <summary>
/// What an Official Account template message shows since 2023-05-04 (REFERENCE.md §3.2): one line of at most 20
/// characters per keyword; <c>first</c> and <c>remark</c> are no longer shown. WeChat does not refuse a longer value, it
/// elides it wherever it likes, so we cut it first with our own ellipsis. Typed keywords (thing1, time2…) also keep the
/// subscribe message rules of their type.
/// </summary>
public static class TemplateMessageFields
{
    public const int MaxLength = 20;

    public static string Fit(string key, string value) => SubscribeMessageFields.Cut(SubscribeMessageFields.Fit(key, value), MaxLength, SubscribeMessageFields.Ellipsis);
}
