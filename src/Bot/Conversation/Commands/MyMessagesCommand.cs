using System.Globalization;
using System.Text;
using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>我的消息 / 通知: the newest unread items of the in-app inbox (the same use case as GET /api/me/messages).</summary>
public sealed class MyMessagesCommand : IChatCommand
{
    private const int Shown = 5;

    public string Name => "my-messages";
    public IReadOnlyList<string> Keywords { get; } = ["我的消息"];
    public string Usage => "我的消息 — 查看未读消息";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var unread = await context.Sender.Send(new GetMyMessagesQuery(context.CallerId, UnreadOnly: true, new PageRequest(1, Shown)), ct);
        if (unread.Total == 0) return "没有未读消息。";

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"你有 {unread.Total} 条未读消息：");
        var number = 1;
        foreach (var item in unread.Items)
            text.Append(CultureInfo.InvariantCulture, $"\n{number++}. {item.Title}（{item.CreatedAt:M月d日 HH:mm}）");
        if (unread.Total > Shown) text.Append("\n……");
        return text.Append("\n在小程序“消息”中查看全文。").ToString();
    }
}
