using StackExchange.Redis;
using WechatCare.Api.Infrastructure.Redis;
using WechatCare.Domain.Coordination;

namespace WechatCare.Api.Infrastructure;

public static class CoordinationRegistration
{
    /// <summary>
    /// <c>ConnectionStrings:Redis</c> set: one multiplexer per process (abortConnect=false, so start-up never waits for
    /// Redis) behind the coordination interfaces. Empty: in-process implementations for one machine.
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration config)
    {
        var redis = config.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ICache, InProcessCache>();
            services.AddSingleton<IDistributedLock, InProcessLock>();
            services.AddSingleton<IRateGate, InProcessRateGate>();
            services.AddSingleton<IOutboxSignal, InProcessOutboxSignal>();
            return services;
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton<RedisCoordination>();
        services.AddSingleton<ICache>(sp => sp.GetRequiredService<RedisCoordination>());
        services.AddSingleton<IDistributedLock>(sp => sp.GetRequiredService<RedisCoordination>());
        services.AddSingleton<IRateGate>(sp => sp.GetRequiredService<RedisCoordination>());
        services.AddSingleton<IOutboxSignal, RedisOutboxSignal>();
        return services;
    }
}
