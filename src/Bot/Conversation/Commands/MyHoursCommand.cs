using System.Globalization;
using System.Text;
using WechatCare.Domain.Activities;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>我的时长: attended activities and service hours per organisation (GET /api/me/service-record).</summary>
public sealed class MyHoursCommand : IChatCommand
{
    public string Name => "my-hours";
    public IReadOnlyList<string> Keywords { get; } = ["我的时长"];
    public string Usage => "我的时长 — 志愿服务时长";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var record = await context.Sender.Send(new GetServiceRecordQuery(context.CallerId), ct);
        if (record.ActivitiesAttended == 0) return "你还没有服务记录。参加活动并签到签退后会记入时长。";
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"你共参加了 {record.ActivitiesAttended} 次活动，服务 {record.Hours:0.#} 小时。");
        foreach (var org in record.Organizations)
            text.Append(CultureInfo.InvariantCulture, $"\n{org.OrganizationName}：{org.ActivitiesAttended} 次，{org.Hours:0.#} 小时");
        return text.ToString();
    }
}
