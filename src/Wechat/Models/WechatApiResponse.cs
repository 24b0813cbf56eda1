using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>Every WeChat JSON answer: errcode 0 (or missing) means success; errmsg ends with "rid: ...".</summary>
public abstract class WechatApiResponse
{
    [JsonPropertyName("errcode")] public int ErrorCode { get; set; }
    [JsonPropertyName("errmsg")] public string? ErrorMessage { get; set; }
}

/// <summary>A success answer that carries nothing but errcode/errmsg.</summary>
public sealed class WechatEmptyResponse : WechatApiResponse;

/// <summary>One keyword value of a template or subscribe message: {"value": "..."}.</summary>
public sealed class WechatMessageValue
{
    public WechatMessageValue() { }
    public WechatMessageValue(string value) => Value = value;

    [JsonPropertyName("value")] public string Value { get; set; } = "";
}
