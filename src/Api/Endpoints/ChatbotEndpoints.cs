using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Bot.Conversation;
using WechatCare.Domain.Chatbot;

namespace WechatCare.Api.Endpoints;

public static class ChatbotEndpoints
{
    public static void MapChatbotEndpoints(this IEndpointRouteBuilder app)
    {
        // The mini-program shows this code; the person sends "绑定公众号 123456" to the Official Account.
        app.MapPost("/api/me/official-account/bind-code", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new IssueOfficialAccountBindCodeCommand(user.CallerId()), ct))
            .WithTags("Me").WithName("IssueOfficialAccountBindCode");

        app.MapPost("/api/admin/wechat/menu", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new PublishOfficialAccountMenuCommand(user.CallerId()), ct))
            .WithTags("Admin").WithName("PublishOfficialAccountMenu");
    }
}
