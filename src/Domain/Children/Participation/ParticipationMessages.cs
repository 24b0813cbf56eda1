using System.Text.Json;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children.Participation;

/// <summary>What parents and staff are told about a child's participation (Chinese, through the outbox and the inbox).</summary>
public static class ParticipationMessages
{
    private static string Link(Guid activityId, Guid childId) => $"pages/children/activity-approval?activityId={activityId}{LinkEnd(childId)}";

    /// <summary>How the link of every approval request about the child ends; erasure finds them by it.</summary>
    internal static string LinkEnd(Guid childId) => $"&childId={childId}";

    private static string Data(Guid activityId, Guid childId) => JsonSerializer.Serialize(new { activityId, childId });

    public static MessageDraft ApprovalRequested(Activity activity, Guid childId, string childName, DateTimeOffset dueAt) => new(
        "child_activity_approval", "活动报名待您确认",
        $"老师为{childName}报名了「{activity.Title}」（{ChinaTime.ToChina(activity.StartsAtUtc):M月d日 HH:mm}，{activity.Location}）。"
        + "该活动需要家长同意，请在小程序中确认是否同意孩子参加。",
        Link(activity.Id, childId), Data(activity.Id, childId), dueAt);

    public static MessageDraft ParentDecided(Activity activity, Guid childId, string childName, bool approved) => new(
        "child_activity_decision", approved ? "家长已同意参加" : "家长未同意参加",
        approved ? $"{childName}的家长已同意孩子参加「{activity.Title}」。" : $"{childName}的家长不同意孩子参加「{activity.Title}」，名额已释放。",
        Link(activity.Id, childId), Data(activity.Id, childId));
}
