using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation;
using WechatCare.Bot.Identity;
using WechatCare.Domain.Identity;

namespace WechatCare.Bot.Hosting;

public static class BotRegistration
{
    /// <summary>The bot's services. <paramref name="runWorkers"/> is false on a process that serves bot endpoints only.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services, bool runWorkers)
    {
        services.AddScoped<IWechatLogin, WechatLogin>();
        services.AddChatbot();
        if (runWorkers) services.AddHostedService<BotWorker>();
        return services;
    }
}
