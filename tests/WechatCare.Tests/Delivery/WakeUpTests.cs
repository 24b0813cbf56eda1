using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ConnectionMultiplexer = StackExchange.Redis.ConnectionMultiplexer;
using WechatCare.Api.Infrastructure.Redis;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Delivery;

/// <summary>An idle dispatcher starts when messages are committed, not at its next poll.</summary>
public sealed class WakeUpTests
{
    [Fact]
    public async Task A_published_notice_goes_out_at_once_although_the_dispatcher_polls_only_hourly()
    {
        // The bot runs in the process, as on one machine; its poll is an hour of a clock that never moves, so only the
        // commit's wake-up can start the dispatcher.
        await using var app = new CareApp { Settings = DeliveryWorld.Settings(("Bot:InProcess", "true"), ("Delivery:PollInterval", "01:00:00")) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        var names = Enumerable.Range(1, 30).Select(i => $"woken-parent-{i:D2}").ToList();
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        _ = app.Services;   // the host (and its bot worker) is running

        await world.PublishAsync(new { kind = "parents" });

        var waited = Stopwatch.StartNew();
        while (app.Wechat.SuccessesTo(DeliveryWorld.SubscribePath) < names.Count && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(names.Count, app.Wechat.SuccessesTo(DeliveryWorld.SubscribePath));
    }

    [Fact]
    public async Task A_signal_keeps_one_notification_for_the_next_wait_and_otherwise_waits_the_full_poll()
    {
        var signal = new InProcessOutboxSignal();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        signal.Notify();
        signal.Notify();
        await signal.WaitAsync(TimeSpan.FromHours(1), clock, TestContext.Current.CancellationToken);   // the kept notification

        var second = signal.WaitAsync(TimeSpan.FromHours(1), clock, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);   // the two notifications counted once
        clock.Advance(TimeSpan.FromHours(1));
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_commit_in_one_process_wakes_the_dispatcher_of_another_through_redis()
    {
        var endpoint = TestServers.RequireRedis();
        await using var api = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=false");
        await using var bot = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=false");
        var inApi = new RedisOutboxSignal(api, NullLogger<RedisOutboxSignal>.Instance);
        var inBot = new RedisOutboxSignal(bot, NullLogger<RedisOutboxSignal>.Instance);
        await Task.Delay(200, TestContext.Current.CancellationToken);   // both subscribed

        var woken = inBot.WaitAsync(TimeSpan.FromHours(1), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), TestContext.Current.CancellationToken);
        inApi.Notify();

        await woken.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
