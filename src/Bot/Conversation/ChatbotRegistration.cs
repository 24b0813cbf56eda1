using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation.Commands;
using WechatCare.Bot.Hosting;
using WechatCare.Bot.Push;
using WechatCare.Domain.Chatbot;

namespace WechatCare.Bot.Conversation;

public static class ChatbotRegistration
{
    /// <summary>The Official Account chatbot: push handling, the conversation and its commands.</summary>
    public static IServiceCollection AddChatbot(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName);
        services.AddSingleton<PushCodecs>();
        services.AddSingleton<PushDedupe>();
        services.AddSingleton<PushPipeline>();
        services.AddSingleton<ContentSecurity>();
        services.AddScoped<ChatCommands>();
        services.AddScoped<ChatIdentity>();
        services.AddScoped<ChatEngine>();
        services.AddSingleton<IBotJob, PushReceiptSweep>();

        services.AddScoped<IChatCommand, HelpCommand>();
        services.AddScoped<IChatCommand, BindOfficialAccountCommand>();
        services.AddScoped<IChatCommand, MyMessagesCommand>();
        foreach (var placeholder in ComingSoonCommands.All) services.AddSingleton<IChatCommand>(placeholder);
        return services;
    }
}
