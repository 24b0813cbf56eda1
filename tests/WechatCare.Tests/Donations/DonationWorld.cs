using System.Text.Json.Nodes;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Donations;

/// <summary>An association with an organizer and helpers to create and open a drive over HTTP.</summary>
internal sealed class DonationWorld
{
    public required CareApp App { get; init; }
    public required UserClient Organizer { get; init; }
    public required string OrgId { get; init; }

    public static async Task<DonationWorld> CreateAsync(CareApp app)
    {
        var admin = await app.LogInAsAdminAsync();
        var org = await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "测试阳光志愿者协会", kind = "association", region = "贵州省毕节市" })).ExpectAsync(201);
        var organizer = await app.LogInAsync("organizer-wang");
        await (await admin.Http.PutJsonAsync($"/api/organizations/{org.Str("id")}/members/{organizer.UserId}", new { role = "organizer" })).ExpectAsync(200);
        return new DonationWorld { App = app, Organizer = organizer, OrgId = org.Str("id") };
    }

    /// <summary>An open drive: 500 yuan and 75 sets of toothbrushes (plus any extra items).</summary>
    public async Task<JsonNode> OpenDriveAsync(int toothbrushTarget = 75, bool allowOverPledge = false, Guid? activityId = null,
        string title = "爱心助学·秋季募集", int endsInDays = 10)
    {
        var drive = await (await Organizer.Http.PostJsonAsync("/api/drives", new
        {
            organizationId = OrgId, title, description = "为希望小学募集物资", designation = "爱心助学",
            moneyTargetFen = 50_000, endsAt = App.Clock.GetUtcNow().AddDays(endsInDays),
            items = new object[]
            {
                new { name = "儿童牙刷、牙膏", unit = "套", target = toothbrushTarget, allowOverPledge },
                new { name = "书包", unit = "个", target = 30, sizes = new[] { "小号", "中号" } },
            },
            activityId,
        })).ExpectAsync(201);
        Assert.Equal("draft", drive.Str("status"));
        return await (await Organizer.Http.PostAsync($"/api/drives/{drive.Str("id")}/open", null)).ExpectAsync(200);
    }

    public static string ItemId(JsonNode drive, int index) => drive["items"]![index]!.Str("id");
}
