using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Children;

/// <summary>The messages parents get about their child (Chinese text, sent through the outbox and the in-app inbox).</summary>
public static class ChildMessages
{
    public static string PlaceName(AttendancePlace place) => place switch
    {
        AttendancePlace.School => "学校",
        AttendancePlace.CareHome => "留守儿童之家",
        _ => "活动",
    };

    /// <summary>Where a message about the child leads; erasure finds the child's messages by it.</summary>
    internal static string Link(Guid childId) => $"pages/children/detail?id={childId}";

    public static MessageDraft Absent(Guid childId, string name, DateOnly date, AttendancePlace place, DateTimeOffset dueAt) => new(
        "child_absent", "缺勤提醒",
        $"{name}在{date:yyyy年M月d日}没有到{PlaceName(place)}，老师没有收到请假。如有情况请尽快联系老师。",
        Link(childId), DueAt: dueAt);

    /// <summary>Takes back an absence alarm the parent already got: the teacher corrected the day to <paramref name="status"/>.</summary>
    public static MessageDraft AbsenceCorrected(Guid childId, string name, DateOnly date, AttendancePlace place, AttendanceStatus status, DateTimeOffset dueAt) => new(
        "child_absence_corrected", "缺勤提醒更正",
        $"更正：{name}{date:M月d日}" + status switch
        {
            AttendanceStatus.Late => $"已到{PlaceName(place)}（迟到）",
            AttendanceStatus.Leave => $"已向{PlaceName(place)}请假",
            _ => $"已到{PlaceName(place)}",
        } + "，之前的缺勤提醒有误，请放心。",
        Link(childId), DueAt: dueAt);

    public static MessageDraft DailyCareHomeSummary(Guid childId, string name, DateOnly date, AttendanceRecord record, DateTimeOffset dueAt)
    {
        static string Time(DateTime? utc) => utc is { } t ? Common.ChinaTime.ToChina(t).ToString("HH:mm") : "未记录";
        var body = record.Status switch
        {
            AttendanceStatus.Present or AttendanceStatus.Late =>
                $"{name}今天（{date:M月d日}）在留守儿童之家：到达 {Time(record.CheckInAtUtc)}，离开 {Time(record.CheckOutAtUtc)}。",
            AttendanceStatus.Leave => $"{name}今天（{date:M月d日}）请假，没有到留守儿童之家。",
            _ => $"{name}今天（{date:M月d日}）没有到留守儿童之家。",
        };
        return new MessageDraft("child_daily_summary", "今日到离园情况", body, Link(childId), DueAt: dueAt);
    }

    public static MessageDraft WeeklyCard(Guid childId, string name, DateOnly from, DateOnly to, WeeklyCounts counts, string? note, DateTimeOffset dueAt)
    {
        var body = $"{name}本周（{from:M月d日}—{to:M月d日}）：出勤 {counts.Present} 天，迟到 {counts.Late} 天，缺勤 {counts.Absent} 天，请假 {counts.Leave} 天。"
                   + (string.IsNullOrWhiteSpace(note) ? "" : $"老师的话：{note}");
        var data = System.Text.Json.JsonSerializer.Serialize(new { childId, from, to, counts.Present, counts.Late, counts.Absent, counts.Leave });
        return new MessageDraft("child_weekly_card", "本周成长卡", body, Link(childId), data, dueAt);
    }
}

public sealed record WeeklyCounts(int Present, int Late, int Absent, int Leave);
