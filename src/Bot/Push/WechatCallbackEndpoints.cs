using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Conversation;
using WechatCare.Wechat;
using WechatCare.Wechat.Push;

namespace WechatCare.Bot.Push;

/// <summary>
/// WeChat's push URLs (CONTRACT.md, "WeChat push"). Public: WeChat authenticates by signature, and every parse verifies
/// it (and the timestamp) before anything else, so a refused push has no effect: 401 for a bad signature or a stale
/// timestamp, 400 for a broken body.
/// </summary>
public static class WechatCallbackEndpoints
{
    private const int MaxBodyChars = 64 * 1024;

    public static IEndpointRouteBuilder MapWechatCallbacks(this IEndpointRouteBuilder app)
    {
        var wechat = app.MapGroup("/wechat").AllowAnonymous().WithTags("WeChat push");

        wechat.MapGet("/callback", (HttpRequest request, PushCodecs codecs) =>
        {
            var query = WechatPushQuery.From(request.Query);
            return codecs.For(WechatApp.OfficialAccount)?.VerifyUrl(query) == true
                ? Results.Text(query.EchoStr ?? "", "text/plain")
                : Results.Unauthorized();
        }).WithName("VerifyWechatCallback");

        wechat.MapPost("/callback", (HttpRequest request, PushCodecs codecs, PushPipeline pipeline, ILoggerFactory logs, CancellationToken ct) =>
            HandleAsync(request, codecs.For(WechatApp.OfficialAccount), logs, async (codec, body) =>
            {
                var push = codec.ParseOfficialAccountXml(WechatPushQuery.From(request.Query), body);
                return (push, await pipeline.ReplyToOfficialAccountAsync(push, codec, ct));
            })).WithName("ReceiveOfficialAccountPush");

        wechat.MapPost("/miniprogram/callback", (HttpRequest request, PushCodecs codecs, PushPipeline pipeline, ILoggerFactory logs, CancellationToken ct) =>
            HandleAsync(request, codecs.For(WechatApp.MiniProgram), logs, async (codec, body) =>
            {
                var push = codec.ParseMiniProgramPush(WechatPushQuery.From(request.Query), body, request.ContentType);
                return (push, await pipeline.AcceptMiniProgramPushAsync(push, ct));
            })).WithName("ReceiveMiniProgramPush");

        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, WechatPushCodec? codec, ILoggerFactory logs,
        Func<WechatPushCodec, string, Task<(InboundPush Push, string Reply)>> handle)
    {
        var log = logs.CreateLogger(typeof(WechatCallbackEndpoints));
        if (codec is null)
        {
            log.LogWarning(BotEvents.PushRejected, "Push refused: the app's push Token is not configured");
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (request.ContentLength > MaxBodyChars) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBodyChars + 1];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        if (read > MaxBodyChars) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        try
        {
            var (push, reply) = await handle(codec, new string(buffer, 0, read));
            var sealedReply = codec.SealReply(push, reply);
            return reply == PushPipeline.Success
                ? Results.Text(sealedReply, "text/plain")
                : Results.Text(sealedReply, push.Format == WechatPushFormat.Json ? "application/json" : "application/xml");
        }
        catch (WechatPushException e)
        {
            log.LogWarning(BotEvents.PushRejected, "Push refused: {Reason}", e.Reason);
            return e.Reason == WechatPushRejection.Malformed ? Results.BadRequest() : Results.Unauthorized();
        }
    }
}

/// <summary>The push codec of each app, made once; null when the app has no push Token configured.</summary>
public sealed class PushCodecs(WechatClients wechat, IOptions<WechatOptions> options)
{
    private readonly Lazy<WechatPushCodec?> _officialAccount = new(() => Make(wechat, options.Value.OfficialAccount, WechatApp.OfficialAccount));
    private readonly Lazy<WechatPushCodec?> _miniProgram = new(() => Make(wechat, options.Value.MiniProgram, WechatApp.MiniProgram));

    public WechatPushCodec? For(WechatApp app) => app == WechatApp.MiniProgram ? _miniProgram.Value : _officialAccount.Value;

    private static WechatPushCodec? Make(WechatClients wechat, WechatAppOptions app, WechatApp which) =>
        string.IsNullOrEmpty(app.Token) || string.IsNullOrEmpty(app.AppId) ? null : wechat.PushCodecFor(which);
}
