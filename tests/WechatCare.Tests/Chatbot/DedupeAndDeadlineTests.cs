using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation;
using WechatCare.Bot.Push;
using WechatCare.Domain.Coordination;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>A retried push is handled once; a slow answer goes out as a customer-service message after "success".</summary>
public sealed class DedupeAndDeadlineTests
{
    [Fact]
    public async Task The_same_push_three_times_is_one_action_and_the_same_reply()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var push = OfficialAccountChat.Text(OfficialAccountChat.OpenId("retried"), "帮助");

        var replies = new List<string>();
        for (var i = 0; i < 3; i++) replies.Add(await chat.ReplyTextAsync(await chat.PostAsync(push)));

        Assert.Single(await chat.BotActionsAsync());
        Assert.Contains("你可以回复", replies[0]);
        Assert.All(replies, r => Assert.Equal(replies[0], r));
    }

    public static TheoryData<Engine, bool> Lanes => new() { { Engine.Sqlite, false }, { Engine.MariaDb, true }, { Engine.MariaDb, false } };

    [Theory, MemberData(nameof(Lanes))]
    public async Task Ten_copies_at_once_are_one_action_and_one_reply(Engine engine, bool withRedis)
    {
        await using var app = await ChatbotApps.StartAsync(engine, withRedis);
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync("parent-ten");
        var code = (await (await parent.Http.PostAsync("/api/me/official-account/bind-code", null)).ExpectAsync(200)).Str("code");
        var push = OfficialAccountChat.Text(OfficialAccountChat.OpenId("parent-ten"), "绑定公众号 " + code);

        var http = app.CreateClient();
        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => await chat.ReplyTextAsync(await chat.PostAsync(push, http: http))));

        var actions = await chat.BotActionsAsync();
        Assert.Equal("bind-official-account", Assert.Single(actions).Command);
        Assert.Equal("ok", actions[0].Outcome);
        var answered = replies.Where(r => r != "success").Distinct().ToList();
        Assert.Contains("绑定成功", Assert.Single(answered));
        Assert.Empty(app.Wechat.CallsTo("cgi-bin/message/custom/send"));
    }

    [Theory, MemberData(nameof(Lanes))]
    public async Task A_retry_after_the_cache_forgot_is_still_refused_by_the_database(Engine engine, bool withRedis)
    {
        await using var app = await ChatbotApps.StartAsync(engine, withRedis);
        var chat = new OfficialAccountChat(app);
        var msgId = Random.Shared.NextInt64(1, long.MaxValue);   // Redis is shared between runs
        var push = OfficialAccountChat.Text(OfficialAccountChat.OpenId("forgotten"), "帮助", msgId);
        await chat.PostAsync(push);

        // As if Redis restarted and lost its keys.
        await app.Services.GetRequiredService<ICache>().RemoveAsync(PushDedupe.CacheKey(PushDedupe.KeyOf("oa", msgId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var again = await chat.ReplyTextAsync(await chat.PostAsync(push));

        Assert.Equal("success", again);
        Assert.Single(await chat.BotActionsAsync());
    }

    [Fact]
    public async Task A_slow_answer_is_success_at_once_then_a_customer_message_and_an_inbox_copy()
    {
        await using var app = await ChatbotApps.StartAsync();
        var (slowHost, chat, parent, openId) = await SlowChatAsync(app, "parent-slow");
        using var _ = slowHost;
        app.Wechat.RecordUserMessage(openId);   // the person just wrote: WeChat's customer-service window is open

        var reply = await chat.ReplyTextAsync(await chat.PostAsync(OfficialAccountChat.Text(openId, "慢慢查"), http: slowHost.CreateClient()));

        Assert.Equal("success", reply);
        var sent = await EventuallyAsync(() => Task.FromResult(app.Wechat.CallsTo("cgi-bin/message/custom/send").ToList()));
        Assert.Single(sent);
        Assert.Contains(SlowCommand.Answer, sent[0].Body);
        Assert.Contains(openId, sent[0].Body);
        var inbox = await EventuallyAsync(async () => (await (await parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]!.AsArray().ToList());
        Assert.Contains(SlowCommand.Answer, inbox[0]!.Str("body"));
    }

    [Fact]
    public async Task A_slow_answer_wechat_refuses_to_deliver_still_waits_in_the_inbox()
    {
        await using var app = await ChatbotApps.StartAsync();
        var (slowHost, chat, parent, openId) = await SlowChatAsync(app, "parent-slow-closed");
        using var _ = slowHost;
        // No RecordUserMessage: WeChat's customer-service window is closed and the send is refused (45015).

        Assert.Equal("success", await chat.ReplyTextAsync(await chat.PostAsync(OfficialAccountChat.Text(openId, "慢慢查"), http: slowHost.CreateClient())));

        var refused = await EventuallyAsync(() => Task.FromResult(app.Wechat.CallsTo("cgi-bin/message/custom/send").ToList()));
        Assert.Equal(45015, Assert.Single(refused).ErrorCode);
        var inbox = await EventuallyAsync(async () => (await (await parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]!.AsArray().ToList());
        Assert.Contains(inbox, m => m!.Str("body").Contains(SlowCommand.Answer));
    }

    [Fact]
    public async Task A_push_that_could_not_be_recorded_is_recorded_when_wechat_sends_it_again()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync("parent-retry");
        var openId = OfficialAccountChat.OpenId("parent-retry");
        await chat.LinkAsync(parent, openId);
        var officialPopup = chat.Event(openId, "subscribe_msg_popup_event", null, new System.Xml.Linq.XElement("SubscribeMsgPopupEvent",
            new System.Xml.Linq.XElement("List", new System.Xml.Linq.XElement("TemplateId", "tmpl-oa"),
                new System.Xml.Linq.XElement("SubscribeStatusString", "accept"), new System.Xml.Linq.XElement("PopupScene", "2"))));
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var miniProgramPopup = $$"""
            {"ToUserName":"gh_mp","FromUserName":"{{Wechat.Fake.FakeWechatServer.SandboxOpenId("parent-retry")}}","CreateTime":{{now}},"MsgType":"event",
             "Event":"subscribe_msg_popup_event","List":[{"TemplateId":"tmpl-mp","SubscribeStatusString":"accept","PopupScene":"0"}]}
            """;
        Task<HttpResponseMessage> PostMiniProgramAsync() => app.CreateClient().PostAsync(
            $"/wechat/miniprogram/callback?signature={Wechat.Push.WechatMessageCrypto.Sign(OfficialAccountChat.Token, now, "77")}&timestamp={now}&nonce=77",
            new StringContent(miniProgramPopup, System.Text.Encoding.UTF8, "application/json"));

        // The ledger is out of reach (as if the database failed): WeChat is told so, and will send the pushes again.
        await SqlAsync(app, "ALTER TABLE SubscribeGrants RENAME TO SubscribeGrantsAway");
        Assert.False((await chat.PostAsync(officialPopup)).IsSuccessStatusCode);
        Assert.False((await PostMiniProgramAsync()).IsSuccessStatusCode);
        await SqlAsync(app, "ALTER TABLE SubscribeGrantsAway RENAME TO SubscribeGrants");

        Assert.Equal("success", await chat.ReplyTextAsync(await chat.PostAsync(officialPopup)));
        Assert.Equal("success", await (await PostMiniProgramAsync()).Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var grants = await scope.ServiceProvider.GetRequiredService<WechatCare.Domain.Data.CareDb>().SubscribeGrants
            .Where(g => g.UserId == parent.UserId).Select(g => new { g.TemplateId, g.Remaining }).ToListAsync();
        Assert.Equal(["tmpl-mp:1", "tmpl-oa:1"], grants.Select(g => $"{g.TemplateId}:{g.Remaining}").Order().ToArray());
    }

    private static async Task SqlAsync(CareApp app, string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WechatCare.Domain.Data.CareDb>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>A host whose replies are due after 200 ms and whose 慢慢查 takes 1.5 s, and a person linked to the chat.</summary>
    private static async Task<(WebApplicationFactory<Program> SlowHost, OfficialAccountChat Chat, UserClient Parent, string OpenId)> SlowChatAsync(
        CareApp app, string name)
    {
        var slowHost = app.WithWebHostBuilder(b => b
            .UseSetting("Bot:ReplyDeadline", "00:00:00.200")
            .ConfigureServices(s => s.AddScoped<IChatCommand, SlowCommand>()));
        var chat = new OfficialAccountChat(app);
        var parent = await app.LogInAsync(name);
        var openId = OfficialAccountChat.OpenId(name);
        await chat.LinkAsync(parent, openId);
        return (slowHost, chat, parent, openId);
    }

    /// <summary>Polls until the background work shows (at most 10 s); the assertions after it say what was expected.</summary>
    private static async Task<List<T>> EventuallyAsync<T>(Func<Task<List<T>>> read)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = await read();
            if (found.Count > 0) return found;
            await Task.Delay(100);
        }
        return [];
    }

    /// <summary>An answer that takes longer than the reply deadline (an injected delay).</summary>
    private sealed class SlowCommand : IChatCommand
    {
        public const string Answer = "查好了：慢慢来的答案";
        public string Name => "slow-test";
        public IReadOnlyList<string> Keywords { get; } = ["慢慢查"];
        public string Usage => "慢慢查";
        public ChatAudience Audience => ChatAudience.Everyone;

        public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            return Answer;
        }
    }
}
