namespace WechatCare.Wechat.Errors;

/// <summary>WeChat answered an errcode, or could not be reached. <see cref="Kind"/> says what to do.</summary>
public class WechatApiException(int errorCode, string errorMessage, string endpoint, WechatFailureKind kind, Exception? inner = null)
    : Exception($"WeChat {endpoint} failed: errcode {errorCode} ({kind}): {errorMessage}", inner)
{
    /// <summary>Used when no errcode came back (timeout, 5xx, dropped connection, open circuit).</summary>
    public const int TransportFailure = -1;

    public int ErrorCode { get; } = errorCode;
    public string ErrorMessage { get; } = errorMessage;
    public string Endpoint { get; } = endpoint;
    public WechatFailureKind Kind { get; } = kind;

    public bool IsRetryable => Kind == WechatFailureKind.Transient;
}

/// <summary>A value breaks a subscribe-message keyword rule; thrown before sending instead of WeChat's 47003.</summary>
public sealed class WechatFieldLimitException(string key, string value, string rule)
    : ArgumentException($"Keyword '{key}' value '{value}' breaks the rule: {rule}", key)
{
    public string Key { get; } = key;
    public string Value { get; } = value;
    public string Rule { get; } = rule;
}
