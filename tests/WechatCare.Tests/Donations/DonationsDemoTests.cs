using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Api.Demo;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Donations;

public sealed class DonationsDemoTests
{
    [Fact]
    public async Task The_demo_drive_shows_the_seed_targets_and_a_budget_of_2360_yuan()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        await DemoData.SeedAsync(app.Services);
        Guid driveId;
        using (var scope = app.Services.CreateScope())
            driveId = await scope.ServiceProvider.GetRequiredService<CareDb>().Drives.Select(d => d.Id).SingleAsync();

        var page = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(50_000, page["moneyTargetFen"]!.GetValue<long>());
        Assert.Equal("儿童牙刷、牙膏", page["items"]![0]!.Str("name"));
        Assert.Equal(75, page["items"]![0]!["target"]!.GetValue<int>());
        Assert.Equal(10, page["items"]![0]!["pledged"]!.GetValue<int>());
        Assert.Equal(236_000, page["budget"]!.AsArray().Sum(l => l!["plannedFen"]!.GetValue<long>()));
        Assert.Contains(page["budget"]!.AsArray(), l => l!.Str("category") == "横幅" && l!["quantity"]!.GetValue<int>() == 2 && l!["unitPriceFen"]!.GetValue<long>() == 8_000);
        Assert.DoesNotContain("刘同学", page.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
