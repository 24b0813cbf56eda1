using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /wxa/msg_sec_check version 2 — moderate user text before it becomes public.</summary>
public sealed class WxaMsgSecCheckRequest
{
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("version")] public int Version { get; set; } = 2;
    /// <summary>1 profile, 2 comment, 3 forum, 4 social log.</summary>
    [JsonPropertyName("scene")] public int Scene { get; set; } = 2;
    /// <summary>Mini-program openid of a user who opened the mini-program in the last 2 hours.</summary>
    [JsonPropertyName("openid")] public string OpenId { get; set; } = "";
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("nickname")] public string? Nickname { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
}

public sealed class WxaMsgSecCheckResponse : WechatApiResponse
{
    public const string Pass = "pass";
    public const string Review = "review";
    public const string Risky = "risky";

    [JsonPropertyName("trace_id")] public string? TraceId { get; set; }
    [JsonPropertyName("result")] public Types.Result Result { get; set; } = new();
    [JsonPropertyName("detail")] public IList<Types.Detail>? Details { get; set; }

    public static class Types
    {
        public sealed class Result
        {
            /// <summary>pass → publish, review → hold for a person, risky → reject.</summary>
            [JsonPropertyName("suggest")] public string Suggest { get; set; } = "";
            [JsonPropertyName("label")] public int Label { get; set; }
        }

        public sealed class Detail
        {
            [JsonPropertyName("strategy")] public string? Strategy { get; set; }
            [JsonPropertyName("errcode")] public int ErrorCode { get; set; }
            [JsonPropertyName("suggest")] public string? Suggest { get; set; }
            [JsonPropertyName("label")] public int Label { get; set; }
            [JsonPropertyName("keyword")] public string? Keyword { get; set; }
            [JsonPropertyName("prob")] public int? Probability { get; set; }
        }
    }
}
