using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Identity;
using WechatCare.Bot.Maintenance;
using WechatCare.Domain.Identity;

namespace WechatCare.Bot.Hosting;

public static class BotRegistration
{
    /// <summary>The bot's services. <paramref name="runWorkers"/> is false on a process that serves bot endpoints only.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services, bool runWorkers)
    {
        services.AddScoped<IWechatLogin, WechatLogin>();
        services.AddSingleton<IBotJob, PurgeIdempotencyRecordsJob>();
        services.AddSingleton<IBotJob, Children.ChildReportsJob>();
        services.AddSingleton<IBotJob, Children.ChildRetentionJob>();
        services.AddSingleton<IBotJob, Pairing.CadenceJob>();
        if (runWorkers) services.AddHostedService<BotWorker>();
        return services;
    }
}
