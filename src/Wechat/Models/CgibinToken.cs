using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/stable_token (credentials come from the client, not from the caller).</summary>
public sealed class CgibinStableTokenRequest
{
    [JsonPropertyName("grant_type")] public string GrantType { get; set; } = "client_credential";
    [JsonPropertyName("appid")] public string AppId { get; set; } = "";
    [JsonPropertyName("secret")] public string Secret { get; set; } = "";
    [JsonPropertyName("force_refresh")] public bool ForceRefresh { get; set; }
}

/// <summary>Answer of /cgi-bin/stable_token and /cgi-bin/token.</summary>
public sealed class CgibinTokenResponse : WechatApiResponse
{
    [JsonPropertyName("access_token")] public string AccessToken { get; set; } = "";
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}
