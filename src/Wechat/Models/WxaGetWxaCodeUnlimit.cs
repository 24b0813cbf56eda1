using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /wxa/getwxacodeunlimit — a permanent mini-program code; the answer is image bytes.</summary>
public sealed class WxaGetWxaCodeUnlimitRequest
{
    /// <summary>≤ 32 chars of [0-9A-Za-z] and !#$&amp;'()*+,/:;=?@-._~ — never personal data.</summary>
    [JsonPropertyName("scene")] public string Scene { get; set; } = "";
    /// <summary>e.g. pages/checkin/index: no leading slash, no query.</summary>
    [JsonPropertyName("page")] public string? Page { get; set; }
    [JsonPropertyName("check_path")] public bool? CheckPath { get; set; }
    /// <summary>release (default), trial or develop.</summary>
    [JsonPropertyName("env_version")] public string? EnvVersion { get; set; }
    [JsonPropertyName("width")] public int? Width { get; set; }
    [JsonPropertyName("is_hyaline")] public bool? IsHyaline { get; set; }
}

/// <summary>The image WeChat drew (usually image/jpeg or image/png).</summary>
public sealed record WxaGetWxaCodeUnlimitResponse(byte[] Image, string ContentType);
