using WechatCare.Api.Demo;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Pairing;

public sealed class PairingDemoTests
{
    [Fact]
    public async Task The_demo_volunteer_has_a_one_to_many_and_a_shared_pairing_with_the_three_twos_counted()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        await DemoData.SeedAsync(app.Services);

        var volunteer = await app.LogInAsync("demo-volunteer-1");
        var mine = (await (await volunteer.Http.GetAsync("/api/me/pairings")).ExpectAsync(200))["items"]!.AsArray();
        Assert.Equal(2, mine.Count);
        var oneToMany = mine.Single(p => p!["children"]!.AsArray().Count == 2)!;
        Assert.Equal(6, oneToMany["cadence"]!.AsArray().Count);   // three rules × two children
        var shared = mine.Single(p => p!["mentors"]!.AsArray().Count == 2)!;
        var child = shared["children"]![0]!.Str("id");
        Assert.Equal("mentor", (await (await volunteer.Http.GetAsync($"/api/children/{child}")).ExpectAsync(200)).Str("relation"));
    }
}
