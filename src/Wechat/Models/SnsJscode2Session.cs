using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[GET] /sns/jscode2session answer. Keep SessionKey on the server: never send it to the mini-program.</summary>
public sealed class SnsJscode2SessionResponse : WechatApiResponse
{
    [JsonPropertyName("openid")] public string OpenId { get; set; } = "";
    [JsonPropertyName("session_key")] public string SessionKey { get; set; } = "";
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
}
