using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/message/custom/send — a customer-service message inside the 48-hour window.</summary>
public sealed class CgibinMessageCustomSendRequest
{
    [JsonPropertyName("touser")] public string ToUserOpenId { get; set; } = "";
    /// <summary>text, image, link, news, miniprogrampage… (set the matching payload below).</summary>
    [JsonPropertyName("msgtype")] public string MessageType { get; set; } = "text";
    [JsonPropertyName("text")] public Types.Text? Text { get; set; }
    [JsonPropertyName("image")] public Types.Media? Image { get; set; }
    [JsonPropertyName("miniprogrampage")] public Types.MiniProgramPage? MiniProgramPage { get; set; }

    public static CgibinMessageCustomSendRequest ForText(string openId, string content) =>
        new() { ToUserOpenId = openId, MessageType = "text", Text = new Types.Text { Content = content } };

    public static class Types
    {
        public sealed class Text
        {
            [JsonPropertyName("content")] public string Content { get; set; } = "";
        }

        public sealed class Media
        {
            [JsonPropertyName("media_id")] public string MediaId { get; set; } = "";
        }

        public sealed class MiniProgramPage
        {
            [JsonPropertyName("title")] public string Title { get; set; } = "";
            [JsonPropertyName("appid")] public string? AppId { get; set; }
            [JsonPropertyName("pagepath")] public string PagePath { get; set; } = "";
            [JsonPropertyName("thumb_media_id")] public string ThumbMediaId { get; set; } = "";
        }
    }
}

/// <summary>[POST] /cgi-bin/message/custom/typing — show "typing…" for 15 s (needs an interaction in the last 30 s).</summary>
public sealed class CgibinMessageCustomTypingRequest
{
    public const string Typing = "Typing";
    public const string CancelTyping = "CancelTyping";

    [JsonPropertyName("touser")] public string ToUserOpenId { get; set; } = "";
    [JsonPropertyName("command")] public string Command { get; set; } = Typing;
}
