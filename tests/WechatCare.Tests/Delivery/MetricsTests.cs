using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Delivery;

/// <summary>What an operator scraping <c>GET /metrics</c> sees of the outbox and of the dispatcher's work.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_show_the_queued_failed_and_dead_messages_the_oldest_age_and_sends_per_channel()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Delivery:MaxAttempts", "1"), ("Delivery:Concurrency", "1")) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        string[] granted = ["granted-1", "granted-2", "granted-3"];
        await world.SeedAsync(granted, Role.Parent);
        await world.GrantAsync(granted);
        await world.SeedAsync(["left"], Role.Parent, follower: true);
        app.Wechat.RemoveFollower(DeliveryWorld.OfficialOpenId("left"));   // 43004: failed for good
        await world.SeedAsync(["neither"], Role.Parent);                     // no WeChat channel: inbox
        await world.PublishAsync(new { kind = "parents" });

        var before = await ScrapeAsync(app);
        Assert.Equal(5, before.Value("wechatcare_delivery_queued"));
        Assert.Null(before.Find("wechatcare_delivery_sent_total", ("channel", "subscribe")));

        app.Wechat.FailNext(DeliveryWorld.SubscribePath, -1);   // one transient error with one attempt allowed: dead
        await world.RunAsync();
        await world.PublishAsync(new { kind = "parents" }, title: "运动会通知");
        app.Clock.Advance(TimeSpan.FromSeconds(90));

        var after = await ScrapeAsync(app);
        Assert.Equal(5, after.Value("wechatcare_delivery_queued"));   // the second notice, waiting for a dispatcher
        Assert.Equal(0, after.Value("wechatcare_delivery_sending"));
        Assert.Equal(1, after.Value("wechatcare_delivery_failed_messages"));
        Assert.Equal(1, after.Value("wechatcare_delivery_dead_messages"));
        Assert.Equal(90, after.Value("wechatcare_delivery_oldest_age_seconds"));
        Assert.Equal(2, after.Value("wechatcare_delivery_sent_total", ("channel", "subscribe")));
        Assert.Equal(1, after.Value("wechatcare_delivery_sent_total", ("channel", "inbox")));
        Assert.Equal(1, after.Value("wechatcare_delivery_failed_total"));
        Assert.Equal(1, after.Value("wechatcare_delivery_dead_total"));

        // /health/ready tells the same story.
        var outbox = (await (await app.CreateClient().GetAsync("/health/ready")).ExpectAsync(200))["checks"]!["outbox"]!["data"]!;
        Assert.Equal(5, (int)outbox["queued"]!);
        Assert.Equal(1, (int)outbox["failed"]!);
        Assert.Equal(1, (int)outbox["dead"]!);
        Assert.Equal(90, (int)outbox["oldestAgeSeconds"]!);
    }

    [Fact]
    public async Task A_retried_message_keeps_its_first_due_time_in_its_age_and_in_the_time_it_shows()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Delivery:RetryBaseDelay", "00:10:00")) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        await world.SeedAsync(["granted"], Role.Parent);
        await world.GrantAsync(["granted"]);
        var publishedAt = app.Clock.GetUtcNow();
        await world.PublishAsync(new { kind = "parents" });

        app.Wechat.FailNext(DeliveryWorld.SubscribePath, -1);   // retried 5 to 10 minutes later
        await world.RunAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await world.RunAsync();

        var sent = Assert.Single(app.Wechat.CallsTo(DeliveryWorld.SubscribePath), c => c.ErrorCode == 0);
        Assert.Contains(WechatCare.Domain.Common.ChinaTime.ToChina(publishedAt).ToString("yyyy年M月d日 HH:mm"), sent.Body);

        // Another retried message, still waiting: its age counts from when it was first due.
        await world.PublishAsync(new { kind = "parents" }, title: "第二条通知");
        app.Wechat.FailNext(DeliveryWorld.SubscribePath, -1);
        await world.RunAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(30 * 60, (await ScrapeAsync(app)).Value("wechatcare_delivery_oldest_age_seconds"));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("bot")]
    [InlineData("api,bot")]
    public async Task Every_role_serves_the_outbox_gauges_from_the_database_without_a_dispatcher_of_its_own(string roles)
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Host:Roles", roles)) };
        await app.InitializeAsync();
        await SendLaterAsync(app, count: 3);
        // A bot process's own dispatcher may have read the empty outbox at start; a scrape trusts that for a few seconds.
        app.Clock.Advance(TimeSpan.FromSeconds(6));

        var metrics = await ScrapeAsync(app);
        Assert.Equal(3, metrics.Value("wechatcare_delivery_queued"));
        Assert.Equal(0, metrics.Value("wechatcare_delivery_oldest_age_seconds"));   // none is due yet
        Assert.Equal(0, metrics.Value("wechatcare_delivery_dead_messages"));
        Assert.DoesNotContain(metrics.Samples, s => s.Name.StartsWith("http_server_", StringComparison.Ordinal));   // no per-request cost by default
    }

    [Fact]
    public async Task The_outbox_is_read_again_only_when_the_last_snapshot_is_a_few_seconds_old()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        await SendLaterAsync(app, count: 1);
        Assert.Equal(1, (await ScrapeAsync(app)).Value("wechatcare_delivery_queued"));

        await SendLaterAsync(app, count: 2);
        Assert.Equal(1, (await ScrapeAsync(app)).Value("wechatcare_delivery_queued"));   // cached
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(3, (await ScrapeAsync(app)).Value("wechatcare_delivery_queued"));
    }

    [Fact]
    public async Task When_the_outbox_cannot_be_read_the_gauges_go_missing_and_the_rest_still_answers()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings() };
        await app.InitializeAsync();
        Assert.Equal(0, (await ScrapeAsync(app)).Value("wechatcare_delivery_queued"));

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CareDb>().Database.ExecuteSqlRawAsync("ALTER TABLE Outbox RENAME TO OutboxElsewhere");
        app.Clock.Advance(TimeSpan.FromSeconds(6));

        var metrics = await ScrapeAsync(app);
        Assert.Null(metrics.Find("wechatcare_delivery_queued"));
        Assert.NotNull(metrics.Find("dotnet_process_cpu_count"));
    }

    [Fact]
    public async Task Two_hosts_in_one_process_each_export_only_their_own_numbers()
    {
        await using var busy = new CareApp { Settings = DeliveryWorld.Settings() };
        await busy.InitializeAsync();
        await using var idle = new CareApp { Settings = DeliveryWorld.Settings() };
        await idle.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(busy);
        await world.SeedAsync(["inbox-1", "inbox-2"], Role.Parent);
        await world.PublishAsync(new { kind = "parents" });
        await world.RunAsync();
        await ScrapeAsync(idle);   // both hosts are up and subscribed before the next send
        await world.PublishAsync(new { kind = "parents" }, title: "运动会通知");
        await world.RunAsync();

        Assert.Equal(4, (await ScrapeAsync(busy)).Value("wechatcare_delivery_sent_total", ("channel", "inbox")));
        var idleMetrics = await ScrapeAsync(idle);
        Assert.Null(idleMetrics.Find("wechatcare_delivery_sent_total", ("channel", "inbox")));
        Assert.Equal(0, idleMetrics.Value("wechatcare_delivery_queued"));
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Metrics:Enabled", "false")) };
        await app.InitializeAsync();
        Assert.Equal(404, (int)(await app.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    /// <summary>Queues messages due in an hour, straight through the database (works whatever roles the host runs).</summary>
    private static async Task SendLaterAsync(CareApp app, int count)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var user = User.FromMiniProgramLogin(FakeWechatServer.SandboxOpenId($"later-{Guid.NewGuid():N}"), null, now);
            db.Users.Add(user);
            db.Send(user.Id, new MessageDraft("reminder", "明天的提醒", "活动明天上午九点开始", DueAt: now.AddHours(1)), now);
        }
        await db.SaveChangesAsync();
    }

    private static async Task<Exposition> ScrapeAsync(CareApp app)
    {
        var response = await app.CreateClient().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return Exposition.Parse(text);
    }

    /// <summary>Samples of the Prometheus text format: <c>name{label="value",…} number [timestamp]</c>, comments skipped.</summary>
    private sealed record Exposition(List<Sample> Samples, string Text)
    {
        public static Exposition Parse(string text)
        {
            var samples = new List<Sample>();
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith('#')) continue;
                var labelsAt = line.IndexOf('{');
                var nameEnd = labelsAt >= 0 ? labelsAt : line.IndexOf(' ');
                var labelsEnd = labelsAt >= 0 ? line.IndexOf('}', labelsAt) : nameEnd;
                var labels = labelsAt < 0 ? [] : line[(labelsAt + 1)..labelsEnd]
                    .Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(pair => pair.Split('=', 2))
                    .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));
                var value = line[(labelsEnd + 1)..].Trim().Split(' ')[0];
                samples.Add(new Sample(line[..nameEnd], labels, double.Parse(value, CultureInfo.InvariantCulture)));
            }
            return new Exposition(samples, text);
        }

        public Sample? Find(string name, params (string Key, string Value)[] labels) =>
            Samples.SingleOrDefault(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value));

        public double Value(string name, params (string Key, string Value)[] labels) =>
            Find(name, labels)?.Value ?? throw new Xunit.Sdk.XunitException($"no sample {name} {string.Join(",", labels)} in:\n{Text}");
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
