using System.Globalization;
using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Activities;

/// <summary>Every message the activity feature sends, in one place so the wording stays consistent.</summary>
public static class ActivityMessages
{
    public const string Confirmed = "activity_signup_confirmed", Waitlisted = "activity_waitlisted", Pending = "activity_signup_pending",
        Offered = "activity_seat_offered", Promoted = "activity_promoted", SignUpCancelled = "activity_signup_cancelled",
        OfferExpired = "activity_offer_expired", ActivityCancelled = "activity_cancelled", Reminder24h = "activity_reminder_24h",
        Reminder2h = "activity_reminder_2h", SignUpRejected = "activity_signup_rejected";

    private static string Link(Activity a) => $"pages/activity/detail?id={a.Id}";

    private static string When(DateTime utc) => ChinaTime.ToChina(utc).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);

    public static MessageDraft For(SignUp signUp, Activity a, int? position = null) => signUp.Status switch
    {
        SignUpStatus.Confirmed => new(Confirmed, "报名成功", $"你已成功报名「{a.Title}」，活动时间 {When(a.StartsAtUtc)}，地点：{a.Location}。", Link(a)),
        SignUpStatus.Pending => new(Pending, "报名待审核", $"你报名的「{a.Title}」需要组织者审核，审核后会通知你。", Link(a)),
        _ => new(Waitlisted, "已进入候补", $"「{a.Title}」名额已满，你在候补第 {position} 位，有空位时会通知你。", Link(a)),
    };

    public static MessageDraft Offer(Activity a, DateTime expiresAtUtc) =>
        new(Offered, "候补名额待确认", $"「{a.Title}」空出了一个名额，请在 {When(expiresAtUtc)} 前确认，逾期名额将让给下一位。", Link(a));

    public static MessageDraft Promote(Activity a) =>
        new(Promoted, "候补转正", $"你已确认「{a.Title}」的名额，活动时间 {When(a.StartsAtUtc)}。", Link(a));

    public static MessageDraft Cancelled(Activity a) =>
        new(SignUpCancelled, "已取消报名", $"你已取消「{a.Title}」的报名。", Link(a));

    public static MessageDraft Rejected(Activity a) =>
        new(SignUpRejected, "报名未通过", $"很抱歉，你报名的「{a.Title}」未通过组织者审核。", Link(a));

    public static MessageDraft Expired(Activity a) =>
        new(OfferExpired, "候补名额已过期", $"你没有在期限内确认「{a.Title}」的名额，名额已让给下一位。", Link(a));

    public static MessageDraft ActivityWasCancelled(Activity a) =>
        new(ActivityCancelled, "活动已取消", $"很抱歉，「{a.Title}」（{When(a.StartsAtUtc)}）已取消。原因：{a.CancelReason}", Link(a));

    /// <summary>The first reminder comes up to 24 h ahead: the start is today or tomorrow on the China calendar.</summary>
    public static MessageDraft Reminder(Activity a, bool dayBefore, DateTimeOffset now)
    {
        var day = ChinaTime.DateOf(ChinaTime.ToChina(a.StartsAtUtc)) == ChinaTime.DateOf(now) ? "今天" : "明天";
        return new(dayBefore ? Reminder24h : Reminder2h, "活动提醒",
            $"「{a.Title}」将于 {When(a.StartsAtUtc)} 开始（{(dayBefore ? day : "2 小时后")}），地点：{a.Location}。", Link(a));
    }
}
