using System.Globalization;
using System.Text;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Organizations;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>
/// 考勤 / 出勤 [孩子名]: this week's attendance of the parent's own children (GET /api/children/{id}/attendance, audited
/// the same way). The name is looked up among the parent's linked children only, so a child that is not theirs gets the
/// same answer as one that does not exist, and nothing about it is read.
/// </summary>
public sealed class ChildAttendanceCommand(TimeProvider clock) : IChatCommand
{
    public string Name => "child-attendance";
    public IReadOnlyList<string> Keywords { get; } = ["考勤"];
    public string Usage => "考勤 [孩子名] — 孩子本周到校情况";
    public ChatAudience Audience => ChatAudience.Only(Role.Parent);

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var mine = await context.Sender.Send(new ListMyChildrenQuery(context.CallerId), ct);
        var name = args.Replace(" ", "", StringComparison.Ordinal);
        var children = name.Length == 0 ? mine : mine.Where(c => Names(c.Name, name)).ToList();
        if (children.Count == 0)
            return name.Length == 0 ? "你还没有关联孩子。请回复“绑定 邀请码”（向老师索取 6 位邀请码）。" : new NotFoundException("该儿童档案").Detail;

        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var monday = ChinaTime.WeekStart(today);
        var text = new StringBuilder();
        foreach (var child in children)
        {
            var days = await context.Sender.Send(new GetChildAttendanceQuery(context.CallerId, child.ChildId, monday, today), ct);
            if (text.Length > 0) text.Append("\n\n");
            text.Append(CultureInfo.InvariantCulture, $"{child.Name}本周（{monday:M月d日}起）：");
            var school = days.Where(d => d.Place == AttendancePlace.School).ToList();
            text.Append(CultureInfo.InvariantCulture, $"到校 {school.Count(d => d.Status is AttendanceStatus.Present or AttendanceStatus.Late)} 天");
            if (days.Count == 0) text.Append("，还没有记录");
            foreach (var day in days)
                text.Append(CultureInfo.InvariantCulture, $"\n{day.Date:M月d日} {Weekday(day.Date)} {Place(day.Place)} {Status(day.Status)}");
        }
        return text.ToString();
    }

    /// <summary>"王小红" answers to "王小红" and to "小红" (how family and teachers call a child).</summary>
    private static bool Names(string childName, string asked) =>
        childName == asked || asked.Length >= 2 && childName.EndsWith(asked, StringComparison.Ordinal);

    private static string Weekday(DateOnly date) => "周" + "日一二三四五六"[(int)date.DayOfWeek];

    private static string Place(AttendancePlace place) => place switch
    {
        AttendancePlace.School => "学校",
        AttendancePlace.CareHome => "儿童之家",
        _ => "活动",
    };

    private static string Status(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => "到",
        AttendanceStatus.Late => "迟到",
        AttendanceStatus.Leave => "请假",
        _ => "缺勤",
    };
}
