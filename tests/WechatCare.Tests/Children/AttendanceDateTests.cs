using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>An attendance batch names its day: today or a past day being corrected, never no day or a day to come.</summary>
public sealed class AttendanceDateTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync()
    {
        var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static (int Records, int Alarms) Stored(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        return (db.AttendanceRecords.AsNoTracking().Count(), db.Outbox.AsNoTracking().Count(m => m.Purpose == "child_absent"));
    }

    [Fact]
    public async Task A_batch_without_a_date_is_refused_and_no_parent_hears_of_an_absence()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;

        var refused = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
        {
            organizationId = w.OrgA, place = "school", entries = new[] { new { childId = w.ChildId, status = "absent" } },
        })).ExpectAsync(400);

        Assert.Contains("日期", refused["errors"]!["date"]![0]!.GetValue<string>());
        Assert.Equal((0, 0), Stored(app));
    }

    [Theory]
    [InlineData("2026-09-02")]   // tomorrow in Shanghai (the clock says 2026-09-01 09:00 there)
    [InlineData("2027-06-01")]
    public async Task A_batch_for_a_day_to_come_is_refused_and_no_parent_is_alarmed(string date)
    {
        var (app, w) = await StartAsync();
        await using var _ = app;

        var refused = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", new
        {
            organizationId = w.OrgA, date, place = "school", entries = new[] { new { childId = w.ChildId, status = "absent" } },
        })).ExpectAsync(422);

        Assert.Equal("attendance_date_in_future", refused.Str("code"));
        Assert.Equal((0, 0), Stored(app));
    }

    [Fact]
    public async Task Today_and_a_past_day_are_recorded()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        // 23:58 in Shanghai on 1 September: still "today" is 1 September, and last week's correction is fine.
        app.Clock.Advance(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(58));
        var teacher = await app.LogInAsync("teacher-with-grant");   // the morning's token has expired

        foreach (var date in new[] { "2026-09-01", "2026-08-25" })
            await (await teacher.Http.PostJsonAsync("/api/attendance", new
            {
                organizationId = w.OrgA, date, place = "school", entries = new[] { new { childId = w.ChildId, status = "present" } },
            })).ExpectAsync(200);

        Assert.Equal((2, 0), Stored(app));
    }
}
