using System.Text.Json;

namespace WechatCare.Wechat;

/// <summary>One WeChat API call as the endpoint methods describe it.</summary>
/// <param name="Retryable">True only where a repeat cannot deliver twice: reads, token/login calls, and sends WeChat dedupes.</param>
internal sealed record WechatCall(HttpMethod Method, string Path, object? Body, bool WithAccessToken, bool Retryable)
{
    public List<KeyValuePair<string, string>> Query { get; } = [];

    public static WechatCall Get(string path, bool withAccessToken = true, bool retryable = true) =>
        new(HttpMethod.Get, path, null, withAccessToken, retryable);

    public static WechatCall Post(string path, object body, bool withAccessToken = true, bool retryable = false) =>
        new(HttpMethod.Post, path, body, withAccessToken, retryable);

    public WechatCall With(string name, string value)
    {
        Query.Add(KeyValuePair.Create(name, value));
        return this;
    }
}

/// <summary>The raw answer: JSON (success or errcode) or, for image endpoints, bytes.</summary>
internal sealed record WechatAnswer(byte[] Body, string? ContentType)
{
    /// <summary>WeChat says application/json, text/plain or nothing useful: trust the first byte too.</summary>
    public bool IsJson =>
        ContentType is "application/json" or "text/plain" || Body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..];

    public (int Code, string Message)? ReadError()
    {
        if (!IsJson) return null;
        using var doc = JsonDocument.Parse(Body);
        if (!doc.RootElement.TryGetProperty("errcode", out var code)) return null;
        var value = code.ValueKind == JsonValueKind.String ? int.Parse(code.GetString()!) : code.GetInt32();
        if (value == 0) return null;
        var message = doc.RootElement.TryGetProperty("errmsg", out var m) ? m.GetString() ?? "" : "";
        return (value, message);
    }
}
