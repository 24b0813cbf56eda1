using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;

namespace WechatCare.Api.Endpoints;

public static class MeEndpoints
{
    public static void MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Me");
        me.MapGet("", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetMeQuery(user.CallerId()), ct)).WithName("GetMe");
        me.MapGet("/messages", (ClaimsPrincipal user, ISender sender, CancellationToken ct, bool unreadOnly = false, int page = 1, int pageSize = 20) =>
            sender.Send(new GetMyMessagesQuery(user.CallerId(), unreadOnly, new PageRequest(page, pageSize)), ct)).WithName("GetMyMessages");
        me.MapPost("/messages/{id:guid}/read", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ReadMyMessageCommand(user.CallerId(), id), ct)).WithName("ReadMyMessage");
    }
}
