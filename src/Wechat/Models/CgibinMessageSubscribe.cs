using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/message/subscribe/send — a mini-program subscribe message (one grant per send).</summary>
public sealed class CgibinMessageSubscribeSendRequest
{
    [JsonPropertyName("touser")] public string ToUserOpenId { get; set; } = "";
    [JsonPropertyName("template_id")] public string TemplateId { get; set; } = "";
    [JsonPropertyName("page")] public string? Page { get; set; }
    /// <summary>developer, trial or formal (default).</summary>
    [JsonPropertyName("miniprogram_state")] public string? MiniProgramState { get; set; }
    [JsonPropertyName("lang")] public string? Language { get; set; }
    /// <summary>Keyword name with its numeric suffix (thing1, time2…) → value. Checked against §3.1 limits before sending.</summary>
    [JsonPropertyName("data")] public IDictionary<string, WechatMessageValue> Data { get; set; } = new Dictionary<string, WechatMessageValue>();
}

public sealed class CgibinMessageSubscribeSendResponse : WechatApiResponse
{
    [JsonPropertyName("msgid")] public long? MessageId { get; set; }
}
