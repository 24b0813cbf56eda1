using System.Globalization;
using System.Text;
using FluentValidation;
using WechatCare.Domain.Children;
using WechatCare.Domain.Organizations;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>今日考勤 三(2)班: for staff, the children of the class with no attendance recorded today.</summary>
public sealed class TodaysAttendanceCommand : IChatCommand
{
    public string Name => "todays-attendance";
    public IReadOnlyList<string> Keywords { get; } = ["今日考勤"];
    public string Usage => "今日考勤 班级 — 今天还没登记的孩子，如“今日考勤 三(2)班”";
    public ChatAudience Audience => ChatAudience.Only(Access.Staff);

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        if (args.Length == 0) throw new ValidationException("班级");
        var result = await context.Sender.Send(new ListUnrecordedChildrenQuery(context.CallerId, args), ct);
        if (result.NotRecorded.Count == 0)
            return string.Create(CultureInfo.InvariantCulture, $"{result.ClassName}今天（{result.Date:M月d日}）{result.ChildrenInClass} 人都已登记考勤。");
        return new StringBuilder().Append(CultureInfo.InvariantCulture,
                $"{result.ClassName}今天（{result.Date:M月d日}）还有 {result.NotRecorded.Count}/{result.ChildrenInClass} 人没有登记：")
            .Append('\n').AppendJoin("、", result.NotRecorded.Select(c => c.Name))
            .Append("\n请在小程序中登记考勤。").ToString();
    }
}
