using WechatCare.Domain.Organizations;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// A command whose feature has not landed yet: it is listed in the help and answers that it is coming. When the feature
/// lands, register the real command with the same <see cref="IChatCommand.Name"/> and delete its line below.
/// </summary>
public sealed class ComingSoonCommand(string name, string usage, ChatAudience audience, params string[] keywords) : IChatCommand
{
    public string Name => name;
    public IReadOnlyList<string> Keywords => keywords;
    public string Usage => usage;
    public ChatAudience Audience => audience;

    public ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct) =>
        ValueTask.FromResult("该功能即将上线，敬请期待。现在可以先在小程序中办理。");
}

public static class ComingSoonCommands
{
    public static readonly IReadOnlyList<ComingSoonCommand> All =
    [
        new("list-activities", "活动 — 近期活动", ChatAudience.Everyone, "活动"),
        new("sign-up", "报名 N — 报名第 N 个活动", ChatAudience.Linked, "报名"),
        new("cancel-sign-up", "取消 N — 取消第 N 个活动的报名", ChatAudience.Linked, "取消"),
        new("my-sign-ups", "我的报名 — 报名状态和候补位置", ChatAudience.Linked, "我的报名"),
        new("my-hours", "我的时长 — 志愿服务时长", ChatAudience.Linked, "我的时长"),
        new("link-child", "绑定 123456 — 用老师给的邀请码关联孩子", ChatAudience.Linked, "绑定"),
        new("child-attendance", "考勤 [孩子名] — 孩子本周到校情况", ChatAudience.Only(Role.Parent), "考勤"),
        new("confirm-notice", "确认 N — 确认收到第 N 条通知", ChatAudience.Linked, "确认"),
        new("list-drives", "捐赠 — 进行中的募捐和还差多少", ChatAudience.Everyone, "捐赠"),
        new("pledge", "认捐 N 物品 数量 — 认捐物资", ChatAudience.Linked, "认捐"),
        new("log-contact", "记录 … — 记录一次结对帮扶联系", ChatAudience.Linked, "记录"),
        new("my-pairings", "我的结对 — 结对帮扶完成情况", ChatAudience.Linked, "我的结对"),
        new("todays-attendance", "今日考勤 班级 — 今天还没登记的孩子", ChatAudience.Only(Access.Staff), "今日考勤"),
    ];
}
