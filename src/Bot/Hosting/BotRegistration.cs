using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Delivery;
using WechatCare.Bot.Conversation;
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
        services.AddDelivery();
        services.AddSingleton<IBotJob, Activities.ActivityReminderJob>();
        services.AddSingleton<IBotJob, Activities.ActivityOfferExpiryJob>();
        services.AddSingleton<IBotJob, WechatCare.Bot.Donations.PledgeReminderJob>();
        services.AddChatbot();
        services.AddSingleton<IBotJob, Children.ChildReportsJob>();
        services.AddSingleton<IBotJob, Children.ChildRetentionJob>();
        services.AddSingleton<IBotJob, Pairing.CadenceJob>();
        if (runWorkers) services.AddHostedService<BotWorker>();
        return services;
    }
}
