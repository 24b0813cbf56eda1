using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>绑定公众号 123456: links this chat to the mini-program user who was shown the code.</summary>
public sealed class BindOfficialAccountCommand(IRateGate gate) : IChatCommand
{
    // Six digits are guessable at chat speed: few attempts per chat, on top of the general per-openid limit.
    private const int AttemptsPerWindow = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public string Name => "bind-official-account";
    public IReadOnlyList<string> Keywords { get; } = ["绑定公众号"];
    public string Usage => "绑定公众号 123456 — 用小程序里的绑定码关联账号";
    public ChatAudience Audience => ChatAudience.Everyone;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var code = args.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0) return Replies.HowToLink;
        var attempt = await gate.TryPassAsync("wechatcare:rate:oa-bind:" + context.OpenIdHash, AttemptsPerWindow, Window, ct);
        if (!attempt.Allowed) throw new RateLimitedException(attempt.RetryAfter);

        await context.Sender.Send(new LinkOfficialAccountCommand(context.OpenId, code), ct);
        return "绑定成功！以后学校和协会的通知会在这里提醒你。回复“帮助”查看可以做什么。";
    }
}
