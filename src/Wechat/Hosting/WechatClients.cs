using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Wechat.Push;
using WechatCare.Wechat.Tokens;

namespace WechatCare.Wechat;

/// <summary>The two WeChat apps' API clients and push codecs. Register with AddWechat; inject this.</summary>
public sealed class WechatClients
{
    private readonly WechatOptions _options;
    private readonly TimeProvider _clock;

    internal WechatClients(IOptions<WechatOptions> options, IHttpClientFactory httpClients, IAccessTokenStore tokens,
        Func<CancellationToken, ValueTask<string>> baseUrl, TimeProvider clock, ILoggerFactory loggers)
    {
        _options = options.Value;
        _clock = clock;
        var logger = loggers.CreateLogger<WechatApiClient>();
        MiniProgram = new WechatApiClient(WechatApp.MiniProgram, _options.MiniProgram, _options, httpClients, tokens, baseUrl, clock, logger);
        OfficialAccount = new WechatApiClient(WechatApp.OfficialAccount, _options.OfficialAccount, _options, httpClients, tokens, baseUrl, clock, logger);
    }

    public WechatApiClient MiniProgram { get; }
    public WechatApiClient OfficialAccount { get; }

    public WechatApiClient For(WechatApp app) => app == WechatApp.MiniProgram ? MiniProgram : OfficialAccount;

    public WechatApiClient ForAppId(string appId) =>
        appId == MiniProgram.AppId ? MiniProgram
        : appId == OfficialAccount.AppId ? OfficialAccount
        : throw new ArgumentException($"No WeChat app with AppId {appId} is configured.", nameof(appId));

    /// <summary>Reads and answers pushes of one app (needs its Token, and EncodingAesKey for safe mode).</summary>
    public WechatPushCodec PushCodecFor(WechatApp app) =>
        WechatPushCodec.For(app == WechatApp.MiniProgram ? _options.MiniProgram : _options.OfficialAccount, _clock);
}
