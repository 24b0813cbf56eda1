using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WechatCare.Wechat;

/// <summary>The JSON settings WeChat needs (REFERENCE.md §0).</summary>
public static class WechatJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        // Some WeChat APIs reject \uXXXX escapes (errcode 40033): write Chinese as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        PropertyNameCaseInsensitive = true,
    };
}
