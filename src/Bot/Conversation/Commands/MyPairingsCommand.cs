using System.Globalization;
using System.Text;
using WechatCare.Domain.Common;
using WechatCare.Domain.Pairing;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>我的结对: the mentor's active pairings and how far each cadence rule is in its current period (GET /api/me/pairings).</summary>
public sealed class MyPairingsCommand : IChatCommand
{
    public string Name => "my-pairings";
    public IReadOnlyList<string> Keywords { get; } = ["我的结对"];
    public string Usage => "我的结对 — 结对帮扶完成情况";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var pairings = (await context.Sender.Send(new ListMyPairingsQuery(context.CallerId, new PageRequest(1, 50), PairingReads.ChatMyPairings), ct)).Items;
        if (pairings.Count == 0) return "你目前没有进行中的结对帮扶。";
        var text = new StringBuilder("你的结对：");
        foreach (var pairing in pairings)
        {
            var names = pairing.Children.ToDictionary(c => c.Id, c => c.Name);
            text.Append('\n').AppendJoin("、", pairing.Children.Select(c => c.Name));
            foreach (var s in pairing.Cadence)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n· {names.GetValueOrDefault(s.ChildId, "孩子")}：{s.Rule.Description}，本期已完成 {s.Done} 次");
                if (s.Remaining > 0) text.Append(CultureInfo.InvariantCulture, $"，还差 {s.Remaining} 次");
                if (s.Overdue) text.Append("（已逾期）");
                else if (s.Remaining > 0 && s.NextNeededBy is { } by) text.Append(CultureInfo.InvariantCulture, $"，请在 {by:M月d日} 前完成");
            }
        }
        return text.Append("\n回复“记录 …”登记一次联系。").ToString();
    }
}
