using System.Globalization;
using System.Text;
using WechatCare.Domain.Activities;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>我的报名: the person's active sign-ups with status and waitlist position, numbered for 取消 N.</summary>
public sealed class MySignUpsCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "my-sign-ups";
    public IReadOnlyList<string> Keywords { get; } = ["我的报名"];
    public string Usage => "我的报名 — 报名状态和候补位置";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var mine = await context.Sender.Send(new ListMySignUpsQuery(context.CallerId), ct);
        if (mine.Count == 0) return "你目前没有报名的活动。回复“活动”看看近期活动。";
        await numbers.RememberAsync(context, ChatNumbers.MySignUps, mine.Select(s => s.ActivityId), ct);

        var text = new StringBuilder("你的报名：");
        var number = 1;
        foreach (var s in mine)
            text.Append(CultureInfo.InvariantCulture, $"\n{number++}. {s.Title}（{s.StartsAt:M月d日 HH:mm}）{Status(s)}");
        return text.Append("\n回复“取消 编号”取消报名。").ToString();
    }

    private static string Status(MySignUp s) => s.Status switch
    {
        SignUpStatus.Confirmed => "已报名",
        SignUpStatus.Pending => "待审核",
        SignUpStatus.Waitlisted => string.Create(CultureInfo.InvariantCulture, $"候补第 {s.Position} 位"),
        SignUpStatus.Offered => string.Create(CultureInfo.InvariantCulture, $"有空位，请在 {s.OfferExpiresAt:M月d日 HH:mm} 前到小程序确认"),
        _ => "",
    };
}
