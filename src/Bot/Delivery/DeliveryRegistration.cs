using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Notices;

namespace WechatCare.Bot.Delivery;

public static class DeliveryRegistration
{
    /// <summary>Notices' ports (content security, audiences) for every role; the dispatcher and re-reminder jobs for workers.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName);
        services.AddOptions<NoticeOptions>().BindConfiguration(NoticeOptions.SectionName);
        services.AddScoped<IContentCheck, WechatContentCheck>();
        services.AddScoped<IAudienceDirectory, AudienceDirectory>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<ChannelSender>();
        services.AddSingleton<SendThrottle>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IBotJob>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<IBotJob, NoticeReminderJob>();
        services.AddSingleton<IBotJob, ResumeNoticeReleasesJob>();
        return services;
    }
}
