namespace WechatCare.Domain.Common;

/// <summary>Instants are stored in UTC and shown in the organisation's zone, Asia/Shanghai by default.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToChina(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Zone);

    public static DateTimeOffset ToChina(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
