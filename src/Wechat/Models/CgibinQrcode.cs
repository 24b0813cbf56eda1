using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/qrcode/create — a parametric Official Account QR code (follow + attribution).</summary>
public sealed class CgibinQrcodeCreateRequest
{
    public const string Temporary = "QR_STR_SCENE";
    public const string Permanent = "QR_LIMIT_STR_SCENE";

    /// <summary>Seconds, temporary codes only (≤ 2592000).</summary>
    [JsonPropertyName("expire_seconds")] public int? ExpireSeconds { get; set; }
    [JsonPropertyName("action_name")] public string ActionName { get; set; } = Temporary;
    [JsonPropertyName("action_info")] public Types.ActionInfo ActionInfo { get; set; } = new();

    public static CgibinQrcodeCreateRequest ForScene(string sceneString, int? expireSeconds) => new()
    {
        ActionName = expireSeconds is null ? Permanent : Temporary,
        ExpireSeconds = expireSeconds,
        ActionInfo = new Types.ActionInfo { Scene = new Types.Scene { SceneString = sceneString } },
    };

    public static class Types
    {
        public sealed class ActionInfo
        {
            [JsonPropertyName("scene")] public Scene Scene { get; set; } = new();
        }

        public sealed class Scene
        {
            [JsonPropertyName("scene_id")] public int? SceneId { get; set; }
            [JsonPropertyName("scene_str")] public string? SceneString { get; set; }
        }
    }
}

public sealed class CgibinQrcodeCreateResponse : WechatApiResponse
{
    [JsonPropertyName("ticket")] public string Ticket { get; set; } = "";
    [JsonPropertyName("expire_seconds")] public int? ExpireSeconds { get; set; }
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}
