namespace WechatCare.Wechat;

public enum WechatMode
{
    /// <summary>Talk to the real WeChat (or to whatever <see cref="WechatOptions.BaseUrl"/> points at).</summary>
    Live,
    /// <summary>Run the fake WeChat in-process and talk to it over real HTTP.</summary>
    Sandbox,
}

/// <summary>Bound from the <c>Wechat</c> configuration section (CONTRACT.md).</summary>
public sealed class WechatOptions
{
    public const string SectionName = "Wechat";
    public const string DefaultBaseUrl = "https://api.weixin.qq.com";

    public WechatMode Mode { get; set; } = WechatMode.Live;
    public string BaseUrl { get; set; } = DefaultBaseUrl;
    public WechatAppOptions MiniProgram { get; set; } = new();
    public WechatAppOptions OfficialAccount { get; set; } = new();
    /// <summary>Template ids per message purpose, e.g. Templates:SignUpConfirmed.</summary>
    public Dictionary<string, string> Templates { get; set; } = [];

    /// <summary>Use <c>cgi-bin/stable_token</c> (recommended); false falls back to the classic <c>cgi-bin/token</c>.</summary>
    public bool UseStableToken { get; set; } = true;
    /// <summary>Refresh the access token this long before WeChat says it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Per-attempt HTTP timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>First back-off delay of the retries allowed for token, login and template-send calls.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public int MaxRetries { get; set; } = 2;
}

/// <summary>One app's credentials. Token and EncodingAesKey are its message-push settings (the OA's chatbot, the MP's events).</summary>
public sealed class WechatAppOptions
{
    public string AppId { get; set; } = "";
    public string AppSecret { get; set; } = "";
    /// <summary>The push Token configured in the console (URL and message signatures).</summary>
    public string Token { get; set; } = "";
    /// <summary>43 characters; empty means plain-text push mode only.</summary>
    public string EncodingAesKey { get; set; } = "";
}

/// <summary>Which of our two WeChat apps a client talks for.</summary>
public enum WechatApp
{
    MiniProgram,
    OfficialAccount,
}
