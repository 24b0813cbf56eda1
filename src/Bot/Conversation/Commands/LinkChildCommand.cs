using WechatCare.Domain.Children;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>绑定 123456: a parent links to a child with the teacher's invite code (POST /api/me/children).</summary>
public sealed class LinkChildCommand : IChatCommand
{
    public string Name => "link-child";
    public IReadOnlyList<string> Keywords { get; } = ["绑定"];
    public string Usage => "绑定 123456 — 用老师给的邀请码关联孩子";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var child = await context.Sender.Send(new RedeemGuardianInviteCommand(context.CallerId, args.Replace(" ", "", StringComparison.Ordinal)), ct);
        return $"已关联孩子{child.Name}。回复“考勤”查看本周到校情况。";
    }
}
