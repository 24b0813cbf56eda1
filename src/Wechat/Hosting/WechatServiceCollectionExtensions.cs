using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;
using WechatCare.Wechat.Fake;
using WechatCare.Wechat.Tokens;

namespace WechatCare.Wechat;

public static class WechatServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WechatClients"/> from the "Wechat" section. Mode defaults to Sandbox in Development, else Live.
    /// The token store is Redis when an <see cref="IConnectionMultiplexer"/> is registered, else in-process.
    /// </summary>
    public static IServiceCollection AddWechat(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(WechatOptions.SectionName);
        var mode = ModeOf(section, environment);

        services.AddOptions<WechatOptions>().Bind(section).PostConfigure(options =>
        {
            options.Mode = mode;
            if (mode == WechatMode.Sandbox) FillSandboxDefaults(options);
        });
        services.TryAddSingleton(TimeProvider.System);

        // WechatApiClient logs what matters (refusals, retries). The factory's log scope and start/end lines for every
        // request are overhead a 10,000-message fan-out pays 10,000 times.
        services.AddHttpClient(WechatApiClient.HttpClientName).RemoveAllLoggers().AddResilienceHandler("wechat", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WechatOptions>>().Value;
            // No retry here: only the client knows which calls are safe to repeat (WechatCall.Retryable).
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // Low volume: judge on 10 calls in a minute, not the default 100 in 30 s.
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = TimeSpan.FromSeconds(30),
            });
            pipeline.AddTimeout(options.Timeout);
        });

        services.TryAddSingleton<IAccessTokenStore>(sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            return sp.GetService<IConnectionMultiplexer>() is { } redis
                ? new RedisAccessTokenStore(redis, clock)
                : new InProcessAccessTokenStore(clock);
        });

        if (mode == WechatMode.Sandbox)
        {
            services.TryAddSingleton<WechatSandbox>();
            services.AddHostedService(sp => sp.GetRequiredService<WechatSandbox>());
        }

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WechatOptions>>();
            Func<CancellationToken, ValueTask<string>> baseUrl = mode == WechatMode.Sandbox
                ? sp.GetRequiredService<WechatSandbox>().GetBaseUrlAsync
                : _ => ValueTask.FromResult(options.Value.BaseUrl);
            return new WechatClients(options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IAccessTokenStore>(),
                baseUrl, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>());
        });
        return services;
    }

    private static WechatMode ModeOf(IConfigurationSection section, IHostEnvironment environment) =>
        Enum.TryParse<WechatMode>(section["Mode"], ignoreCase: true, out var mode) ? mode
        : environment.IsDevelopment() ? WechatMode.Sandbox : WechatMode.Live;

    // Sandbox must work with nothing configured: a newcomer's first `dotnet run` logs in.
    private static void FillSandboxDefaults(WechatOptions options)
    {
        if (string.IsNullOrEmpty(options.MiniProgram.AppId))
        {
            options.MiniProgram.AppId = FakeWechatServer.SandboxMiniProgramAppId;
            options.MiniProgram.AppSecret = FakeWechatServer.SandboxMiniProgramSecret;
        }
        if (string.IsNullOrEmpty(options.OfficialAccount.AppId))
        {
            options.OfficialAccount.AppId = FakeWechatServer.SandboxOfficialAccountAppId;
            options.OfficialAccount.AppSecret = FakeWechatServer.SandboxOfficialAccountSecret;
        }
        if (string.IsNullOrEmpty(options.OfficialAccount.Token)) options.OfficialAccount.Token = "sandbox-push-token";
        if (string.IsNullOrEmpty(options.MiniProgram.Token)) options.MiniProgram.Token = "sandbox-push-token";
    }
}
