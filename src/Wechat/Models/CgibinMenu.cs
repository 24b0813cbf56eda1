using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/menu/create — the Official Account menu (≤ 3 buttons, each ≤ 5 sub-buttons).</summary>
public sealed class CgibinMenuCreateRequest
{
    [JsonPropertyName("button")] public IList<Types.Button> Buttons { get; set; } = [];

    public static class Types
    {
        public sealed class Button
        {
            /// <summary>click, view or miniprogram; null for a parent of sub-buttons.</summary>
            [JsonPropertyName("type")] public string? Type { get; set; }
            [JsonPropertyName("name")] public string Name { get; set; } = "";
            [JsonPropertyName("key")] public string? Key { get; set; }
            [JsonPropertyName("url")] public string? Url { get; set; }
            [JsonPropertyName("appid")] public string? AppId { get; set; }
            [JsonPropertyName("pagepath")] public string? PagePath { get; set; }
            [JsonPropertyName("sub_button")] public IList<Button>? SubButtons { get; set; }
        }
    }
}
