using System.Net.Http.Headers;
using MiniExcelLibs;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>Organizers take sign-ups and hours out as .xlsx and bring paper history in, as JSON rows or an Excel sheet.</summary>
public sealed class ExportAndImportTests
{
    [Fact]
    public async Task Sign_ups_and_hours_export_to_a_spreadsheet_with_chinese_headers()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 1);
        await ActivityDriver.SignUpAsync(await d.VolunteerAsync("first"), activity.Str("id"));
        await ActivityDriver.SignUpAsync(await d.VolunteerAsync("second"), activity.Str("id"));

        var response = await d.Organizer.Http.GetAsync($"/api/activities/{activity.Str("id")}/signups/export");
        Assert.Equal(200, (int)response.StatusCode);
        await using var xlsx = await response.Content.ReadAsStreamAsync();
        var rows = (await xlsx.QueryAsync(useHeaderRow: true)).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["已确认", "候补"], rows.Select(r => (string)r["状态"]));
        Assert.Equal(1, Convert.ToInt32(rows[1]["候补位置"]));

        var volunteer = await app.LogInAsync("first");
        await (await volunteer.Http.GetAsync($"/api/activities/{activity.Str("id")}/signups/export")).ExpectAsync(404);
    }

    [Fact]
    public async Task Imported_paper_history_counts_toward_the_rule_and_importing_twice_adds_nothing()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var volunteer = await app.LogInAsync("paper-volunteer");
        await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", new
        {
            realName = "纸质记录", phone = "13712345678", kind = "student", skills = Array.Empty<string>(), birthDate = "2003-01-01",
        })).ExpectAsync(200);
        var past = d.Now.AddMonths(-3);
        var rows = new object[]
        {
            new { activityTitle = "春季助学", startsAt = past, endsAt = past.AddHours(3), phone = "13712345678", hours = 3 },
            new { activityTitle = "暑期夏令营", startsAt = past.AddDays(30), endsAt = past.AddDays(30).AddHours(8), phone = "13712345678" },
            new { activityTitle = "暑期夏令营", startsAt = past.AddDays(30), endsAt = past.AddDays(30).AddHours(8), phone = "13900000000" },
        };
        var first = await (await d.Organizer.Http.PostJsonAsync($"/api/organizations/{d.OrgId}/service-history", new { rows })).ExpectAsync(200);
        Assert.Equal(2, first["attendances"]!.GetValue<int>());
        Assert.Equal(3, first["unmatchedRows"]![0]!.GetValue<int>());
        var again = await (await d.Organizer.Http.PostJsonAsync($"/api/organizations/{d.OrgId}/service-history", new { rows })).ExpectAsync(200);
        Assert.Equal(0, again["attendances"]!.GetValue<int>());

        // One more activity from an Excel sheet makes three.
        using var sheet = new MemoryStream();
        await sheet.SaveAsAsync(new[]
        {
            new Dictionary<string, object> { ["活动名称"] = "秋季家访", ["开始时间"] = past.AddDays(60).DateTime, ["结束时间"] = past.AddDays(60).AddHours(2).DateTime, ["手机号"] = "13712345678", ["时长"] = 2 },
        });
        var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(sheet.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        upload.Add(file, "file", "历史记录.xlsx");
        var fromExcel = await (await d.Organizer.Http.PostAsync($"/api/organizations/{d.OrgId}/service-history/excel", upload)).ExpectAsync(200);
        Assert.Equal(1, fromExcel["attendances"]!.GetValue<int>());

        var drill = await d.PublishedActivityAsync("防灾减灾日", minPriorActivities: 3);
        Assert.Equal("confirmed", (await ActivityDriver.SignUpAsync(volunteer, drill.Str("id"))).Str("status"));
        var record = await (await volunteer.Http.GetAsync("/api/me/service-record")).ExpectAsync(200);
        Assert.Equal(3, record["activitiesAttended"]!.GetValue<int>());
        Assert.Equal(13m, record["hours"]!.GetValue<decimal>());
    }
}
