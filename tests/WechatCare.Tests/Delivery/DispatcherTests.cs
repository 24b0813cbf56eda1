using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WechatCare.Api.Infrastructure.Redis;
using WechatCare.Bot.Delivery;
using WechatCare.Domain.Data;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Delivery;

public sealed class DispatcherTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static async Task<(CareApp App, DeliveryWorld World)> StartAsync(Engine engine = Engine.Sqlite, bool redis = false, params (string, string)[] settings)
    {
        var app = new CareApp { Engine = engine, WithRedis = redis, Settings = DeliveryWorld.Settings(settings) };
        await app.InitializeAsync();
        return (app, await DeliveryWorld.CreateAsync(app));
    }

    private static List<string> Names(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D5}").ToList();

    [Theory]
    [InlineData(null, "thing1", "thing2", "time3")]   // the default mapping
    [InlineData("keyword1=title,keyword2=body,keyword3=time", "keyword1", "keyword2", "keyword3")]   // an older template's keywords
    public async Task An_official_account_message_shows_the_title_and_every_line_fits_what_wechat_displays(
        string? mapping, string titleKey, string bodyKey, string timeKey)
    {
        var (app, world) = await StartAsync(settings: mapping is null ? [] : [("Wechat:Templates:notice.oa.fields", mapping)]);
        await using var _ = app;
        await world.SeedAsync(["follower"], Role.Parent, follower: true);
        const string title = "关于本学期期末家长会及寒假安全教育的重要通知请务必阅读";
        const string body = "本周五下午三点在学校礼堂召开家长会，\n请各位家长准时参加，不能到场的请提前和班主任联系说明情况。";

        await world.PublishAsync(new { kind = "parents" }, title, body);
        await world.RunAsync();

        var data = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(app.Wechat.CallsTo(DeliveryWorld.TemplatePath)).Body)!["data"]!.AsObject();
        string Value(string key) => data[key]!["value"]!.GetValue<string>();
        Assert.DoesNotContain("first", data.Select(d => d.Key));   // WeChat no longer shows the first line
        Assert.StartsWith(title[..10], Value(titleKey));
        Assert.EndsWith("…", Value(titleKey));
        Assert.StartsWith("本周五下午三点", Value(bodyKey));
        Assert.DoesNotContain("\n", Value(bodyKey));
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", Value(timeKey));
        Assert.All(data, d => Assert.True(d.Value!["value"]!.GetValue<string>().EnumerateRunes().Count() <= 20, $"{d.Key} is over 20 characters"));
    }

    [Fact]
    public async Task Each_recipient_gets_the_best_channel_open_to_them()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["with-grant"], Role.Parent);
        await world.GrantAsync(["with-grant"], atWechat: 1, longTerm: false);
        await world.SeedAsync(["follower"], Role.Parent, follower: true);
        await world.SeedAsync(["neither"], Role.Parent);
        // Our ledger says one grant is left, WeChat says none (43101): the ledger is zeroed and the OA template carries it.
        await world.SeedAsync(["stale-grant"], Role.Parent, follower: true);
        await world.GrantAsync(["stale-grant"], atWechat: 0, longTerm: false);
        // Linked to the OA, not following, last wrote 3 days ago: outside the 48-hour window, so no customer message.
        await world.SeedAsync(["lapsed"], Role.Parent);
        await WroteAsync(app, world, "lapsed", TimeSpan.FromDays(3));

        await world.PublishAsync(new { kind = "parents" });
        await world.RunAsync();

        var channels = await world.DbAsync(db => db.Outbox.Select(o => new { o.RecipientUserId, o.Status, o.Channel }).ToListAsync());
        string ChannelOf(string name) => channels.Single(c => c.RecipientUserId == world.People[name]).Channel!;
        Assert.Equal(DeliveryChannel.Subscribe, ChannelOf("with-grant"));
        Assert.Equal(DeliveryChannel.Template, ChannelOf("follower"));
        Assert.Equal(DeliveryChannel.Inbox, ChannelOf("neither"));
        Assert.Equal(DeliveryChannel.Template, ChannelOf("stale-grant"));
        Assert.Equal(DeliveryChannel.Inbox, ChannelOf("lapsed"));
        Assert.All(channels, c => Assert.Equal(OutboxStatus.Delivered, c.Status));

        var ledger = await world.DbAsync(db => db.SubscribeGrants.AsNoTracking().ToListAsync());
        Assert.All(ledger, g => Assert.Equal(0, g.Remaining));   // one spent, one zeroed by 43101
        Assert.Single(app.Wechat.CallsTo(DeliveryWorld.SubscribePath), c => c.ErrorCode == 43101);
        Assert.DoesNotContain(app.Wechat.CallsTo(DeliveryWorld.CustomerPath), c => c.Body.Contains(DeliveryWorld.OfficialOpenId("lapsed")));
        Assert.DoesNotContain(app.Wechat.CallsTo(DeliveryWorld.TemplatePath), c => c.Body.Contains(DeliveryWorld.OfficialOpenId("lapsed")));
    }

    [Fact]
    public async Task Without_a_template_a_customer_message_reaches_only_a_follower_who_wrote_within_48_hours()
    {
        var (app, world) = await StartAsync(settings: [("Wechat:Templates:notice.oa", "")]);   // no OA template for notices
        await using var _ = app;
        await world.SeedAsync(["chatty", "quiet"], Role.Parent, follower: true);
        await world.SeedAsync(["chatty-then-left"], Role.Parent);   // linked below, no longer following
        await WroteAsync(app, world, "chatty", TimeSpan.FromHours(1));
        await WroteAsync(app, world, "chatty-then-left", TimeSpan.FromHours(1));

        await world.PublishAsync(new { kind = "parents" });
        await world.RunAsync();

        var channels = await world.DbAsync(db => db.Outbox.Select(o => new { o.RecipientUserId, o.Status, o.Channel }).ToListAsync());
        string ChannelOf(string name) => channels.Single(c => c.RecipientUserId == world.People[name]).Channel!;
        Assert.Equal(DeliveryChannel.Customer, ChannelOf("chatty"));
        Assert.Equal(DeliveryChannel.Inbox, ChannelOf("quiet"));   // follows, but never wrote: no window, and no template
        Assert.Equal(DeliveryChannel.Inbox, ChannelOf("chatty-then-left"));   // WeChat answers 45015 to someone who unfollowed
        Assert.All(channels, c => Assert.Equal(OutboxStatus.Delivered, c.Status));
        Assert.Equal([DeliveryWorld.OfficialOpenId("chatty")], app.Wechat.CallsTo(DeliveryWorld.CustomerPath)
            .Select(c => System.Text.Json.Nodes.JsonNode.Parse(c.Body)!["touser"]!.GetValue<string>()));
    }

    /// <summary>The person wrote to the Official Account <paramref name="ago"/>: linked, with the window open at WeChat as well.</summary>
    private static async Task WroteAsync(CareApp app, DeliveryWorld world, string name, TimeSpan ago)
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var user = await db.Users.SingleAsync(u => u.Id == world.People[name]);
            user.LinkOfficialAccount(DeliveryWorld.OfficialOpenId(name));
            user.RecordOfficialAccountMessage(app.Clock.GetUtcNow() - ago);
            await db.SaveChangesAsync();
        }
        if (ago < TimeSpan.FromHours(48)) app.Wechat.RecordUserMessage(DeliveryWorld.OfficialOpenId(name));
    }

    [Fact]
    public async Task A_follower_who_left_the_official_account_falls_back_to_the_inbox_and_is_marked_as_not_following()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        await world.SeedAsync(["left"], Role.Parent, follower: true);
        app.Wechat.RemoveFollower(DeliveryWorld.OfficialOpenId("left"));

        await world.PublishAsync(new { kind = "parents" });
        await world.RunAsync();

        var message = Assert.Single(await world.OutboxAsync());
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal("template:43004", message.Trail);
        Assert.False(await world.DbAsync(db => db.Users.Where(u => u.Id == world.People["left"]).Select(u => u.FollowsOfficialAccount).SingleAsync()));
    }

    [Fact]
    public async Task Under_random_failures_a_quota_stop_and_dropped_connections_every_message_ends_in_a_named_state()
    {
        var (app, world) = await StartAsync(settings: [("Delivery:Concurrency", "1"), ("Delivery:BatchSize", "20"), ("Delivery:MaxAttempts", "6")]);
        await using var _ = app;
        var names = Names("parent", 60);
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        await world.PublishAsync(new { kind = "parents" });

        // 30 % of sends answer -1 (system busy).
        app.Wechat.FailRandomly(0.3, -1, seed: 7, path: DeliveryWorld.SubscribePath);
        await world.RunAsync();
        var outbox = await world.OutboxAsync();
        Assert.Contains(outbox, m => m.Status == OutboxStatus.Pending && m.Attempts == 1);

        // Then the daily quota runs out: nothing is sent until it resets at midnight in China.
        app.Wechat.ResetScripts();
        app.Wechat.FailNext(DeliveryWorld.SubscribePath, 45009);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.RunAsync();
        var quotaAt = app.Clock.GetUtcNow();
        var callsAtQuota = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Count;
        for (var i = 0; i < 10; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(30));
            await world.RunAsync();
        }
        var pauseEnds = new DateTimeOffset(2026, 9, 1, 16, 0, 0, TimeSpan.Zero);   // 2026-09-02 00:00 in Shanghai
        Assert.True(app.Clock.GetUtcNow() < pauseEnds);
        Assert.Equal(callsAtQuota, app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Count);

        // After midnight, connections drop for a while; everything still ends delivered or in a named final state.
        app.Clock.SetUtcNow(pauseEnds.AddSeconds(1));
        app.Wechat.DropNext(DeliveryWorld.SubscribePath, times: 6);
        for (var i = 0; i < 600 && (await world.OutboxAsync()).Any(m => !m.IsFinal); i++)
        {
            await world.RunAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        outbox = await world.OutboxAsync();
        Assert.All(outbox, m => Assert.True(m.IsFinal, $"{m.Id} is {m.Status}"));
        Assert.Contains(outbox, m => m.Status == OutboxStatus.Delivered && m.Attempts >= 1);
        Assert.True(outbox.Count(m => m.Status == OutboxStatus.Delivered) >= 55, string.Join(", ", outbox.GroupBy(m => m.Status).Select(g => $"{g.Key}={g.Count()}")));

        // Retries are spaced: the dispatcher's rounds of one message are at least half the base delay apart (jitter ≥ 50 %).
        var sends = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode != 45009 && c.At > quotaAt || c.At < quotaAt)
            .GroupBy(DeliveryWorld.MessageIdOf);
        foreach (var perMessage in sends)
        {
            var rounds = perMessage.Select(c => c.At).Distinct().Order().ToList();
            for (var i = 1; i < rounds.Count; i++)
                Assert.True(rounds[i] - rounds[i - 1] >= TimeSpan.FromSeconds(2.5), $"message {perMessage.Key}: rounds {rounds[i - 1]:O} and {rounds[i]:O}");
        }
        Assert.DoesNotContain(app.Wechat.CallsTo(DeliveryWorld.SubscribePath), c => c.At > quotaAt && c.At < pauseEnds);
    }

    [Fact]
    public async Task Two_dispatchers_on_MariaDB_and_Redis_deliver_5000_messages_each_exactly_once()
    {
        var (app, world) = await StartAsync(Engine.MariaDb, redis: true);
        await using var _ = app;
        await SeedFollowersAsync(world, 5000);
        await world.PublishAsync(new { kind = "parents" });

        var (first, second) = (world.NewDispatcher(), world.NewDispatcher());
        await Task.WhenAll(Task.Run(() => world.RunAsync(first)), Task.Run(() => world.RunAsync(second)));

        var outbox = await world.OutboxAsync();
        Assert.Equal(5000, outbox.Count);
        Assert.All(outbox, m => Assert.True(m.Status == OutboxStatus.Delivered, $"{m.Status}: {m.LastError}"));
        var sent = app.Wechat.CallsTo(DeliveryWorld.TemplatePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(5000, sent.Count);
        Assert.All(sent, perMessage => Assert.Single(perMessage));
        Assert.Equal(outbox.Select(m => m.Id.ToString("N")).Order(), sent.Select(s => s.Key).Order());
    }

    [Fact]
    public async Task Two_workers_together_keep_to_the_global_send_rate_through_Redis()
    {
        const int rate = 50;
        var (app, world) = await StartAsync(Engine.MariaDb, redis: true,
            ("Delivery:SendsPerSecond", $"{rate}"), ("Delivery:BatchSize", "50"), ("Delivery:Concurrency", "8"));
        await using var _ = app;
        await SeedFollowersAsync(world, 200);
        await world.PublishAsync(new { kind = "parents" });

        // Two workers as two processes would be: each its own Redis connection and its own throttle.
        var redisConfiguration = app.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Redis"]!;
        var sentAt = new ConcurrentBag<TimeSpan>();
        var clock = Stopwatch.StartNew();
        async Task RunWorkerAsync()
        {
            using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redisConfiguration);
            var coordination = new RedisCoordination(redis, app.Clock, NullLogger<RedisCoordination>.Instance);
            var throttle = new SendThrottle(coordination, coordination, app.Services.GetRequiredService<IOptions<DeliveryOptions>>(), app.Clock);
            var worker = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services, throttle);
            worker.AfterSend = _ => sentAt.Add(clock.Elapsed);
            await world.RunAsync(worker);
        }
        await Task.WhenAll(Task.Run(RunWorkerAsync), Task.Run(RunWorkerAsync));

        Assert.All(await world.OutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var times = sentAt.Order().ToArray();
        Assert.Equal(200, times.Length);
        // The gate counts in tenth-of-a-second windows, so any one second spans at most eleven of them.
        var busiestSecond = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.InRange(busiestSecond, 1, rate * 11 / 10);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(2.5), $"200 sends took {times[^1] - times[0]}");
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_dispatcher_killed_mid_batch_loses_nothing_and_repeats_at_most_one_batch(Engine engine)
    {
        const int batch = 50;
        var (app, world) = await StartAsync(engine, settings: [("Delivery:BatchSize", $"{batch}"), ("Delivery:Concurrency", "4")]);
        await using var _ = app;
        var names = Names("kid-parent", 300);
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        await world.PublishAsync(new { kind = "parents" });

        // The crash: an exception no code path handles, in the middle of a batch; nothing of that batch is saved.
        var victim = world.NewDispatcher();
        var sends = 0;
        victim.AfterSend = _ => { if (Interlocked.Increment(ref sends) == 120) throw new OperationCanceledException("the process dies here"); };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.RunAsync(victim));

        // Its rows stay claimed until the lease runs out; then another worker takes them.
        await world.RunAsync(world.NewDispatcher());
        Assert.Contains(await world.OutboxAsync(), m => m.Status == OutboxStatus.Sending);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await world.RunAsync(world.NewDispatcher());

        var outbox = await world.OutboxAsync();
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var sent = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(300, sent.Count);
        var duplicates = sent.Sum(s => s.Count() - 1);
        Assert.InRange(duplicates, 1, batch);
    }

    [Fact]
    public async Task A_dispatcher_stopped_gracefully_mid_batch_saves_what_it_sent_and_nothing_goes_out_twice()
    {
        var (app, world) = await StartAsync(settings: [("Delivery:BatchSize", "50"), ("Delivery:Concurrency", "4")]);
        await using var _ = app;
        var names = Names("deploy-parent", 300);
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        await world.PublishAsync(new { kind = "parents" });

        using var stop = new CancellationTokenSource();
        var stopping = world.NewDispatcher();
        var sends = 0;
        stopping.AfterSend = _ => { if (Interlocked.Increment(ref sends) == 120) stop.Cancel(); };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.RunAsync(stopping, stop.Token));

        app.Clock.Advance(TimeSpan.FromMinutes(3));   // rows claimed but never sent wait out their lease
        await world.RunAsync(world.NewDispatcher());

        Assert.All(await world.OutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var sent = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(300, sent.Count);
        Assert.All(sent, s => Assert.Single(s));
    }

    [Fact]
    public async Task An_unexpected_error_on_one_message_fails_that_message_alone_and_keeps_the_batch()
    {
        var (app, world) = await StartAsync(settings: [("Delivery:BatchSize", "50"), ("Delivery:Concurrency", "4")]);
        await using var _ = app;
        var names = Names("odd-parent", 40);
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        await world.PublishAsync(new { kind = "parents" });

        var dispatcher = world.NewDispatcher();
        var (faulted, thrown) = (Guid.Empty, 0);
        dispatcher.AfterSend = id =>
        {
            if (Interlocked.Exchange(ref thrown, 1) == 1) return;
            faulted = id;
            throw new InvalidOperationException("unforeseen");
        };
        await world.RunAsync(dispatcher);

        // The other 39 outcomes were saved; only the faulted message waits for its retry.
        var outbox = await world.OutboxAsync();
        Assert.Equal(39, outbox.Count(m => m.Status == OutboxStatus.Delivered));
        Assert.Equal(OutboxStatus.Pending, Assert.Single(outbox, m => m.Id == faulted).Status);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await world.RunAsync(world.NewDispatcher());
        Assert.All(await world.OutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var sends = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(40, sends.Count);
        Assert.Equal(41, sends.Sum(s => s.Count()));   // the faulted one went out again, nothing else did
    }

    [Fact]
    public async Task A_slow_batch_stops_sending_before_its_lease_runs_out_so_no_other_worker_sends_the_same_message()
    {
        var (app, world) = await StartAsync(settings: [("Delivery:BatchSize", "10"), ("Delivery:Concurrency", "1"), ("Delivery:Lease", "00:02:00")]);
        await using var _ = app;
        var names = Names("slow-parent", 10);
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        await world.PublishAsync(new { kind = "parents" });

        // Each send takes 40 s (of the fake clock). Once the lease is over, a second worker takes the batch's rows.
        var slow = world.NewDispatcher();
        var (sends, overtaken) = (0, false);
        slow.AfterSend = _ =>
        {
            app.Clock.Advance(TimeSpan.FromSeconds(40));
            if (++sends == 4 && !overtaken)
            {
                overtaken = true;
                world.RunAsync(world.NewDispatcher()).GetAwaiter().GetResult();
            }
        };
        await world.RunAsync(slow);
        Assert.InRange(sends, 1, 3);   // the slow worker stopped 30 s before its lease ended

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await world.RunAsync(world.NewDispatcher());
        Assert.All(await world.OutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var sent = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(10, sent.Count);
        Assert.All(sent, s => Assert.Single(s));
    }

    private static async Task SeedFollowersAsync(DeliveryWorld world, int count)
    {
        using var scope = world.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
        var now = world.App.Clock.GetUtcNow();
        foreach (var name in Names("follower", count))
        {
            var user = User.FromMiniProgramLogin(FakeWechatServer.SandboxOpenId(name), null, now);
            user.LinkOfficialAccount(DeliveryWorld.OfficialOpenId(name));
            user.FollowOfficialAccount();
            world.App.Wechat.AddFollower(DeliveryWorld.OfficialOpenId(name));
            db.Users.Add(user);
            db.Memberships.Add(Membership.Grant(world.OrganizationId, user.Id, Role.Parent, null, now));
            // A parent is a parent through a child: "all parents" are the guardians of the organisation's children.
            DeliveryWorld.AddChildOf(db, cipher, world.OrganizationId, user.Id, name, DeliveryWorld.DefaultClass, now);
        }
        await db.SaveChangesAsync();
    }
}
