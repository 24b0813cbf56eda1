using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /cgi-bin/openapi/quota/get — today's usage of one API, e.g. /cgi-bin/message/custom/send.</summary>
public sealed class CgibinOpenapiQuotaGetRequest
{
    [JsonPropertyName("cgi_path")] public string CgiPath { get; set; } = "";
}

public sealed class CgibinOpenapiQuotaGetResponse : WechatApiResponse
{
    [JsonPropertyName("quota")] public Types.Quota Quota { get; set; } = new();

    public static class Types
    {
        public sealed class Quota
        {
            [JsonPropertyName("daily_limit")] public long DailyLimit { get; set; }
            [JsonPropertyName("used")] public long Used { get; set; }
            [JsonPropertyName("remain")] public long Remain { get; set; }
        }
    }
}
