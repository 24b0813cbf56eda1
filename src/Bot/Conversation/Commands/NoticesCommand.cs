using System.Globalization;
using System.Text;
using WechatCare.Domain.Notices;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>通知: notices that reached the person and are unread or wait for their confirmation, numbered for 确认 N.</summary>
public sealed class NoticesCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "notices";
    public IReadOnlyList<string> Keywords { get; } = ["通知"];
    public string Usage => "通知 — 未读和待确认的通知";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var open = await context.Sender.Send(new ListMyOpenNoticesQuery(context.CallerId), ct);
        if (open.Total == 0) return "没有未读或待确认的通知。";
        await numbers.RememberAsync(context, ChatNumbers.Notices, open.Items.Select(n => n.Id), ct);

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"你有 {open.Total} 条通知待处理：");
        var number = 1;
        foreach (var n in open.Items)
            text.Append(CultureInfo.InvariantCulture, $"\n{number++}. {n.Title}（{n.PublishedAt:M月d日}）{(n.RequiresConfirmation && !n.Confirmed ? " 需确认" : "")}");
        if (open.Total > open.Items.Count) text.Append("\n……");
        if (open.Items.Any(n => n.RequiresConfirmation && !n.Confirmed)) text.Append("\n回复“确认 编号”确认收到。");
        return text.Append("\n在小程序“消息”中查看全文。").ToString();
    }
}
