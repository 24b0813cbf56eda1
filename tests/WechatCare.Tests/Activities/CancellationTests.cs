using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The cancellation deadline binds a confirmed seat only, and never reaches past the start.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task A_cancellation_deadline_after_the_start_is_refused()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(2);

        var problem = await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "周末陪伴课堂", description = "", location = "七星关区希望小学", startsAt, endsAt = startsAt.AddHours(3),
            capacity = 10, cancellationDeadline = startsAt.AddHours(1),
        })).ExpectAsync(400);
        Assert.NotNull(problem["errors"]!["cancellationDeadline"]);
    }
}
