using FluentValidation;
using WechatCare.Domain.Activities;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>取消 N: cancels sign-up N of the last 我的报名 list (DELETE /api/activities/{id}/signups/me).</summary>
public sealed class CancelSignUpCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "cancel-sign-up";
    public IReadOnlyList<string> Keywords { get; } = ["取消"];
    public string Usage => "取消 N — 取消第 N 个活动的报名（编号见“我的报名”）";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var number = ChatNumbers.Parse(args) ?? throw new ValidationException("取消 N");
        var activityId = await numbers.ResolveAsync(context, ChatNumbers.MySignUps, number, "我的报名", ct);
        await context.Sender.Send(new Domain.Activities.CancelSignUpCommand(context.CallerId, activityId), ct);
        return "已取消报名。";
    }
}
