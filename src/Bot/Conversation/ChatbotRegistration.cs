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
        services.AddSingleton<BotActionLog>();
        services.AddSingleton<IBotJob, PushReceiptSweep>();

        services.AddScoped<IChatCommand, HelpCommand>();
        services.AddScoped<IChatCommand, BindOfficialAccountCommand>();
        services.AddScoped<IChatCommand, MyMessagesCommand>();
        services.AddScoped<ChatNumbers>();
        services.AddScoped<ContactDrafts>();
        services.AddScoped<IChatCommand, ListActivitiesCommand>();
        services.AddScoped<IChatCommand, SignUpCommand>();
        services.AddScoped<IChatCommand, CancelSignUpCommand>();
        services.AddScoped<IChatCommand, MySignUpsCommand>();
        services.AddScoped<IChatCommand, MyHoursCommand>();
        services.AddScoped<IChatCommand, LinkChildCommand>();
        services.AddScoped<IChatCommand, ChildAttendanceCommand>();
        services.AddScoped<IChatCommand, NoticesCommand>();
        services.AddScoped<IChatCommand, ConfirmNoticeCommand>();
        services.AddScoped<IChatCommand, ListDrivesCommand>();
        services.AddScoped<IChatCommand, PledgeCommand>();
        services.AddScoped<IChatCommand, LogContactCommand>();
        services.AddScoped<IChatCommand, SaveContactCommand>();
        services.AddScoped<IChatCommand, DiscardContactCommand>();
        services.AddScoped<IChatCommand, MyPairingsCommand>();
        services.AddScoped<IChatCommand, TodaysAttendanceCommand>();
        return services;
    }
}
