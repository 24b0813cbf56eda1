using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Identity;

namespace WechatCare.Api.Endpoints;

public static class AuthEndpoints
{
    public sealed record LoginRequest(string Code);

    public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, MeView User);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest body, ISender sender, JwtTokens tokens, CancellationToken ct) =>
        {
            var user = await sender.Send(new LogInCommand(body.Code ?? ""), ct);
            var (token, expiresAt) = tokens.Issue(user.UserId);
            var me = await sender.Send(new GetMeQuery(user.UserId), ct);
            return new LoginResponse(token, ChinaTime.ToChina(expiresAt), me);
        }).AllowAnonymous().WithTags("Auth").WithName("LogIn");
    }
}
