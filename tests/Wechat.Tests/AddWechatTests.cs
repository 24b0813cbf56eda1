using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WechatCare.Wechat.Fake;
using WechatCare.Wechat.Push;
using WechatCare.Wechat.Tests.Support;
using WechatCare.Wechat.Tokens;

namespace WechatCare.Wechat.Tests;

public class AddWechatTests
{
    private static ServiceProvider Build(string environment, Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection().AddLogging();
        extra?.Invoke(services);
        services.AddWechat(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new TestEnvironment(environment));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Development_without_any_configuration_runs_the_sandbox_and_logs_in_over_http()
    {
        await using var services = Build(Environments.Development, []);
        foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        var clients = services.GetRequiredService<WechatClients>();

        var session = await clients.MiniProgram.ExecuteSnsJscode2SessionAsync("demo-parent#1");

        Assert.Equal(WechatMode.Sandbox, services.GetRequiredService<IOptions<WechatOptions>>().Value.Mode);
        Assert.Equal(FakeWechatServer.SandboxOpenId("demo-parent"), session.OpenId);
        var fake = await services.GetRequiredService<WechatSandbox>().GetServerAsync();
        Assert.StartsWith("http://127.0.0.1:", fake.BaseUrl);
        Assert.Equal(FakeWechatServer.SandboxMiniProgramAppId, Assert.Single(fake.Calls).AppId);
    }

    [Fact]
    public async Task Sandbox_starts_on_first_use_and_delivers_leniently()
    {
        await using var services = Build(Environments.Production, new() { ["Wechat:Mode"] = "Sandbox" });
        var clients = services.GetRequiredService<WechatClients>();
        var parent = FakeWechatServer.SandboxOpenId("demo-parent");

        await clients.OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(new() { ToUserOpenId = parent, TemplateId = "T", Data = { ["thing1"] = new("家长会") } });
        await clients.MiniProgram.ExecuteCgibinMessageSubscribeSendAsync(new() { ToUserOpenId = parent, TemplateId = "T", Data = { ["thing1"] = new("活动") } });

        var fake = await services.GetRequiredService<WechatSandbox>().GetServerAsync();
        Assert.Equal(2, fake.Deliveries.Count);
    }

    [Fact]
    public void Production_defaults_to_live_against_the_configured_base_url()
    {
        using var services = Build(Environments.Production, new() { ["Wechat:MiniProgram:AppId"] = "wxlive" });
        var options = services.GetRequiredService<IOptions<WechatOptions>>().Value;
        Assert.Equal((WechatMode.Live, WechatOptions.DefaultBaseUrl), (options.Mode, options.BaseUrl));
        Assert.Null(services.GetService<WechatSandbox>());
        Assert.IsType<InProcessAccessTokenStore>(services.GetRequiredService<IAccessTokenStore>());
        Assert.Equal("wxlive", services.GetRequiredService<WechatClients>().ForAppId("wxlive").AppId);
    }

    [Fact]
    public void A_registered_redis_connection_selects_the_redis_token_store()
    {
        var endpoint = Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS");
        if (string.IsNullOrEmpty(endpoint)) Assert.Skip("WECHATCARE_TEST_REDIS not set: Redis lane skipped");
        using var redis = ConnectionMultiplexer.Connect(endpoint + ",abortConnect=false");
        using var services = Build(Environments.Production, [], s => s.AddSingleton<IConnectionMultiplexer>(redis));
        Assert.IsType<RedisAccessTokenStore>(services.GetRequiredService<IAccessTokenStore>());
    }

    [Fact]
    public async Task Sandbox_page_lists_deliveries_and_simulates_a_signed_official_account_message()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddWechat(builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        app.MapWechatSandbox();
        // Stands in for the bot's callback: it must accept what the sandbox signs.
        app.MapPost("/wechat/callback", async (HttpContext http, WechatClients clients) =>
        {
            var codec = clients.PushCodecFor(WechatApp.OfficialAccount);
            var push = codec.ParseOfficialAccountXml(WechatPushQuery.From(http.Request.Query), await new StreamReader(http.Request.Body).ReadToEndAsync());
            return Results.Text(codec.BuildTextReply(push.Message, "收到：" + ((TextMessage)push.Message).Content), "text/xml");
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var parent = FakeWechatServer.SandboxOpenId("demo-parent");
            await app.Services.GetRequiredService<WechatClients>().OfficialAccount.ExecuteCgibinMessageTemplateSendAsync(
                new() { ToUserOpenId = parent, TemplateId = "T", Data = { ["thing1"] = new("家长会通知") } });

            var page = await http.GetStringAsync("/sandbox");
            Assert.Contains("微信沙箱", page);
            Assert.Contains("家长会通知", WebUtility.HtmlDecode(page));

            var simulated = await http.PostAsync("/sandbox/simulate", new FormUrlEncodedContent(new Dictionary<string, string> { ["openid"] = parent, ["content"] = "你好" }));
            var result = WebUtility.HtmlDecode(await simulated.Content.ReadAsStringAsync());
            Assert.Contains("HTTP 200", result);
            Assert.Contains("收到：你好", result);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
