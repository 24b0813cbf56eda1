using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using WechatCare.Domain.Activities;

namespace WechatCare.Api.Activities;

/// <summary>The organizers' spreadsheets: sign-ups and hours out, paper attendance sheets in.</summary>
public static class ActivityExcel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Dictionary<SignUpStatus, string> StatusNames = new()
    {
        [SignUpStatus.Pending] = "待审核", [SignUpStatus.Confirmed] = "已确认", [SignUpStatus.Waitlisted] = "候补",
        [SignUpStatus.Offered] = "待确认名额", [SignUpStatus.Cancelled] = "已取消", [SignUpStatus.Rejected] = "未通过",
        [SignUpStatus.OfferExpired] = "名额已过期", [SignUpStatus.NoShow] = "缺席",
    };

    public static async Task<byte[]> SignUpsAsync(SignUpList list, CancellationToken ct)
    {
        static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
        var rows = list.Items.Select(s => new Dictionary<string, object?>
        {
            ["姓名"] = s.RealName ?? "",
            ["岗位"] = s.RoleName,
            ["状态"] = StatusNames[s.Status],
            ["候补位置"] = s.Position,
            ["报名时间"] = Time(s.SignedUpAt),
            ["签到"] = Time(s.CheckedInAt),
            ["签退"] = Time(s.CheckedOutAt),
            ["时长（小时）"] = s.Hours,
            ["未签退"] = s.CheckOutMissing ? "是" : "",
            ["符合条件"] = s.Eligible ? "是" : string.Join("；", s.Unmet.Select(u => u.Detail)),
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "报名与时长", cancellationToken: ct);
        return stream.ToArray();
    }

    /// <summary>A paper attendance sheet typed into Excel: one row per volunteer per activity, Chinese headers.</summary>
    public sealed class HistorySheetRow
    {
        [ExcelColumnName("活动名称")] public string? ActivityTitle { get; set; }
        [ExcelColumnName("开始时间")] public DateTime? StartsAt { get; set; }
        [ExcelColumnName("结束时间")] public DateTime? EndsAt { get; set; }
        [ExcelColumnName("手机号")] public string? Phone { get; set; }
        [ExcelColumnName("时长")] public decimal? Hours { get; set; }
    }

    /// <summary>Reads the sheet; times in it are China time.</summary>
    public static async Task<List<ServiceHistoryRow>> ReadHistoryAsync(Stream xlsx, CancellationToken ct)
    {
        var rows = await xlsx.QueryAsync<HistorySheetRow>(cancellationToken: ct);
        static DateTimeOffset China(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Unspecified), TimeSpan.FromHours(8)) : default;
        return rows.Where(r => !string.IsNullOrWhiteSpace(r.ActivityTitle) || !string.IsNullOrWhiteSpace(r.Phone))
            .Select(r => new ServiceHistoryRow(r.ActivityTitle ?? "", China(r.StartsAt), China(r.EndsAt), (r.Phone ?? "").Trim(), r.Hours))
            .ToList();
    }
}
