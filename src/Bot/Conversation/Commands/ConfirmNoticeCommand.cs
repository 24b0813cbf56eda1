using FluentValidation;
using WechatCare.Domain.Notices;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>确认 N: confirms notice N of the last 通知 list (POST /api/notices/{id}/confirm).</summary>
public sealed class ConfirmNoticeCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "confirm-notice";
    public IReadOnlyList<string> Keywords { get; } = ["确认"];
    public string Usage => "确认 N — 确认收到第 N 条通知（编号见“通知”）";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var number = ChatNumbers.Parse(args) ?? throw new ValidationException("确认 N");
        var noticeId = await numbers.ResolveAsync(context, ChatNumbers.Notices, number, "通知", ct);
        await context.Sender.Send(new Domain.Notices.ConfirmNoticeCommand(context.CallerId, noticeId), ct);
        return "已确认收到，谢谢！";
    }
}
