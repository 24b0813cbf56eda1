using WechatCare.Api.Demo;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

public sealed class ChildrenDemoTests
{
    [Fact]
    public async Task The_demo_parent_sees_their_fictional_child_and_a_week_of_attendance()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        await DemoData.SeedAsync(app.Services);

        var parent = await app.LogInAsync("demo-parent-1");
        var mine = await (await parent.Http.GetAsync("/api/me/children")).ExpectAsync(200);
        var child = Assert.Single(mine.AsArray())!;
        Assert.StartsWith("示例童", child.Str("name"));

        var days = await (await parent.Http.GetAsync($"/api/children/{child.Str("childId")}/attendance")).ExpectAsync(200);
        Assert.Equal(10, days["total"]!.GetValue<int>());   // five school days, five care-home evenings
        var secondPage = await (await parent.Http.GetAsync($"/api/children/{child.Str("childId")}/attendance?page=2&pageSize=6")).ExpectAsync(200);
        Assert.Equal(4, secondPage["items"]!.AsArray().Count);
        var teacher = await app.LogInAsync("demo-teacher");
        var record = await (await teacher.Http.GetAsync($"/api/children/{child.Str("childId")}")).ExpectAsync(200);
        Assert.StartsWith("示例", record.Str("healthNotes"));
    }
}
