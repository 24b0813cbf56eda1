using Microsoft.Extensions.DependencyInjection;

namespace WechatCare.Bot.Hosting;

public static class BotRegistration
{
    /// <summary>The bot's services. <paramref name="runWorkers"/> is false on a process that serves bot endpoints only.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services, bool runWorkers)
    {
        if (runWorkers) services.AddHostedService<BotWorker>();
        return services;
    }
}
