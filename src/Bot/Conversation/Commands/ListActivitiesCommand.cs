using System.Globalization;
using System.Text;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>活动 / 近期活动: the published activities that have not started yet (GET /api/activities), numbered for 报名 N.</summary>
public sealed class ListActivitiesCommand(ChatNumbers numbers) : IChatCommand
{
    private const int Shown = 8;

    public string Name => "list-activities";
    public IReadOnlyList<string> Keywords { get; } = ["活动"];
    public string Usage => "活动 — 近期活动";
    public ChatAudience Audience => ChatAudience.Everyone;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        // Filtered before paging: past activities stay published and would otherwise fill the page.
        var page = await context.Sender.Send(new ListActivitiesQuery(ActivityStatus.Published, null, new PageRequest(1, Shown), UpcomingOnly: true), ct);
        var upcoming = page.Items;
        if (upcoming.Count == 0) return "近期没有可报名的活动。";
        await numbers.RememberAsync(context, ChatNumbers.Activities, upcoming.Select(a => a.Id), ct);

        var text = new StringBuilder("近期活动：");
        var number = 1;
        foreach (var a in upcoming)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{number++}. {a.Title}（{a.StartsAt:M月d日 HH:mm}，{a.Location}）");
            if (a.Capacity is { } capacity)
                text.Append(a.SeatsTaken < capacity ? $" 余 {capacity - a.SeatsTaken} 位" : $" 已满，候补 {a.WaitlistLength} 人");
        }
        return text.Append(context.IsLinked ? "\n回复“报名 编号”报名，如“报名 1”。" : "\n绑定账号后可以回复“报名 编号”报名。").ToString();
    }
}
