using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// What keeps every worker within WeChat's limits: the global send rate (one <see cref="IRateGate"/> window shared
/// through Redis when configured) and the quota pauses — after 45011 (per-minute) or 45009 (daily) no worker sends on
/// that app until the quota resets. Pauses are kept locally and shared through <see cref="ICache"/>.
/// </summary>
public sealed class SendThrottle(IRateGate gate, ICache cache, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    private const string RateKey = "wechatcare:rate:wechat-send";
    private readonly ConcurrentDictionary<WechatApp, DateTimeOffset> _pausedUntil = new();

    private static string PauseKey(WechatApp app) => "wechatcare:delivery:pause:" + app;

    /// <summary>Waits for a slot of the global send rate.</summary>
    public async ValueTask WaitForSlotAsync(CancellationToken ct)
    {
        var rate = options.Value.SendsPerSecond;
        if (rate <= 0) return;
        // Tenth-of-a-second windows where the rate allows, so a window's burst stays small.
        var (limit, window) = rate % 10 == 0 ? (rate / 10, TimeSpan.FromMilliseconds(100)) : (rate, TimeSpan.FromSeconds(1));
        while (true)
        {
            var decision = await gate.TryPassAsync(RateKey, limit, window, ct);
            if (decision.Allowed) return;
            var wait = decision.RetryAfter < TimeSpan.FromMilliseconds(2) ? TimeSpan.FromMilliseconds(2) : decision.RetryAfter;
            await Task.Delay(wait, ct);
        }
    }

    /// <summary>Until when <paramref name="app"/> must not send; null when it may.</summary>
    public DateTimeOffset? PausedUntil(WechatApp app) =>
        _pausedUntil.TryGetValue(app, out var until) && until > clock.GetUtcNow() ? until : null;

    /// <summary>Picks up pauses other workers set (once per batch).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        foreach (var app in Enum.GetValues<WechatApp>())
            if (await cache.GetAsync(PauseKey(app), ct) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var ticks))
                _pausedUntil.AddOrUpdate(app, new DateTimeOffset(ticks, TimeSpan.Zero), (_, mine) => mine.UtcTicks >= ticks ? mine : new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    /// <summary>A quota error: pause the app until the quota resets (next minute for 45011, next midnight in China for 45009).</summary>
    public async Task<DateTimeOffset> PauseAsync(WechatApp app, int errorCode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = errorCode == WechatErrorCodes.MinuteQuota ? NextMinute(now) : NextChinaMidnight(now);
        _pausedUntil.AddOrUpdate(app, until, (_, mine) => mine >= until ? mine : until);
        var ttl = until - now + TimeSpan.FromSeconds(5);
        await cache.SetAsync(PauseKey(app), until.UtcTicks.ToString(CultureInfo.InvariantCulture), ttl, ct);
        return until;
    }

    private static DateTimeOffset NextMinute(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static DateTimeOffset NextChinaMidnight(DateTimeOffset now)
    {
        var china = ChinaTime.ToChina(now);
        return new DateTimeOffset(china.Date.AddDays(1), china.Offset).ToUniversalTime();
    }
}
