using System.Globalization;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;

namespace WechatCare.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> configuration section: requests allowed per minute.</summary>
public sealed class RateLimitOptions
{
    /// <summary>All logins from one address: a flood guard, high enough for a school's Wi-Fi at a parents' meeting.</summary>
    public int LoginsPerMinutePerClient { get; set; } = 300;
    /// <summary>Refused logins (bad or replayed codes) from one address before it is refused for the rest of the minute.</summary>
    public int FailedLoginsPerMinutePerClient { get; set; } = 30;
    public int WritesPerMinutePerUser { get; set; } = 120;
}

/// <summary>
/// Limits logins per client address and mutating requests per user, through <see cref="IRateGate"/> so the limit
/// holds across every replica when Redis is configured. Over the limit: 429 with Retry-After.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, IRateGate gate, ICache cache, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext http)
    {
        var limits = options.Value;
        if (http.Request.Path.StartsWithSegments("/api/auth/login"))
        {
            await LogInAsync(http, limits);
            return;
        }
        if (IsMutating(http.Request.Method) && http.User.Identity?.IsAuthenticated == true)
            await PassAsync("write:" + http.User.CallerId(), limits.WritesPerMinutePerUser, http.RequestAborted);
        await next(http);
    }

    /// <summary>
    /// Many people share one address (a school's Wi-Fi, a carrier's NAT), and each opening of the mini-program logs in:
    /// successful logins only meet a high flood guard, while refused codes (someone trying codes) close the address for
    /// the rest of the window once there are too many.
    /// </summary>
    private async Task LogInAsync(HttpContext http, RateLimitOptions limits)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var blockKey = "wechatcare:login-blocked:" + address;
        if (await cache.GetAsync(blockKey, http.RequestAborted) is { } value
            && long.TryParse(value, CultureInfo.InvariantCulture, out var untilMs)
            && DateTimeOffset.FromUnixTimeMilliseconds(untilMs) - clock.GetUtcNow() is { Ticks: > 0 } left)
            throw new RateLimitedException(left);
        await PassAsync("login:" + address, limits.LoginsPerMinutePerClient, http.RequestAborted);

        try
        {
            await next(http);
        }
        catch (Exception e) when (e is UnauthenticatedException or FluentValidation.ValidationException or BadHttpRequestException)
        {
            await CountFailureAsync(address, blockKey, limits, http.RequestAborted);
            throw;   // the exception handler answers it
        }
    }

    private async Task CountFailureAsync(string address, string blockKey, RateLimitOptions limits, CancellationToken ct)
    {
        var failures = await gate.TryPassAsync("wechatcare:rate:login-failed:" + address, limits.FailedLoginsPerMinutePerClient, Window, ct);
        if (!failures.Allowed)
            await cache.SetAsync(blockKey, (clock.GetUtcNow() + failures.RetryAfter).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                failures.RetryAfter, ct);
    }

    private async Task PassAsync(string key, int limit, CancellationToken ct)
    {
        var decision = await gate.TryPassAsync("wechatcare:rate:" + key, limit, Window, ct);
        if (!decision.Allowed) throw new RateLimitedException(decision.RetryAfter);
    }

    public static bool IsMutating(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);
}
