using System.Globalization;
using FluentValidation;
using WechatCare.Domain.Activities;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>报名 N: signs up for activity N of the last list, with the API's rules and refusals (POST /api/activities/{id}/signups).</summary>
public sealed class SignUpCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "sign-up";
    public IReadOnlyList<string> Keywords { get; } = ["报名"];
    public string Usage => "报名 N — 报名第 N 个活动（编号见“活动”）";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var number = ChatNumbers.Parse(args) ?? throw new ValidationException("报名 N");
        var activityId = await numbers.ResolveAsync(context, ChatNumbers.Activities, number, "活动", ct);
        var result = await context.Sender.Send(new SignUpForActivityCommand(context.CallerId, activityId, null), ct);
        return result.Status switch
        {
            SignUpStatus.Waitlisted => string.Create(CultureInfo.InvariantCulture, $"活动已满，你在候补第 {result.Position} 位。有人取消时会通知你。"),
            SignUpStatus.Pending => "报名已提交，等待组织者审核，结果会通知你。",
            _ => "报名成功！活动前会提醒你。",
        };
    }
}
