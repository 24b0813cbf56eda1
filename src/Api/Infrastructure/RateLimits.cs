using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;

namespace WechatCare.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> configuration section: requests allowed per minute.</summary>
public sealed class RateLimitOptions
{
    public int LoginsPerMinutePerClient { get; set; } = 30;
    public int WritesPerMinutePerUser { get; set; } = 120;
}

/// <summary>
/// Limits logins per client address and mutating requests per user, through <see cref="IRateGate"/> so the limit
/// holds across every replica when Redis is configured. Over the limit: 429 with Retry-After.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, IRateGate gate, Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext http)
    {
        var limits = options.Value;
        var key = http.Request.Path.StartsWithSegments("/api/auth/login")
            ? ("login:" + http.Connection.RemoteIpAddress, limits.LoginsPerMinutePerClient)
            : IsMutating(http.Request.Method) && http.User.Identity?.IsAuthenticated == true
                ? ("write:" + http.User.CallerId(), limits.WritesPerMinutePerUser)
                : default;

        if (key.Item1 is not null)
        {
            var decision = await gate.TryPassAsync("wechatcare:rate:" + key.Item1, key.Item2, Window, http.RequestAborted);
            if (!decision.Allowed) throw new RateLimitedException(decision.RetryAfter);
        }
        await next(http);
    }

    public static bool IsMutating(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);
}
