using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The public list of activities: what is still to come first, ended activities after.</summary>
public sealed class ActivityListTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    [Theory, MemberData(nameof(Engines))]
    public async Task The_public_list_shows_upcoming_activities_soonest_first_then_ended_ones_latest_first(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        await d.PublishedActivityAsync("早上的活动", startsIn: TimeSpan.FromHours(1), length: TimeSpan.FromMinutes(30));
        await d.PublishedActivityAsync("中午的活动", startsIn: TimeSpan.FromHours(2), length: TimeSpan.FromMinutes(30));
        await d.PublishedActivityAsync("三天后的活动", startsIn: TimeSpan.FromDays(3));
        await d.PublishedActivityAsync("两天后的活动", startsIn: TimeSpan.FromDays(2));
        app.Clock.Advance(TimeSpan.FromHours(3));

        var page = await (await app.CreateClient().GetAsync($"/api/activities?status=published&organizationId={d.OrgId}")).ExpectAsync(200);
        Assert.Equal(["两天后的活动", "三天后的活动", "中午的活动", "早上的活动"], page["items"]!.AsArray().Select(a => a!.Str("title")));
        Assert.Equal(4, page["total"]!.GetValue<int>());
    }
}
