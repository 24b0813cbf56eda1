using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using WechatCare.Wechat.Fake;

namespace WechatCare.Wechat.Tests.Support;

/// <summary>A started fake WeChat and our clients pointed at it (Live mode), sharing one fake clock.</summary>
internal sealed class WechatHarness : IAsyncDisposable
{
    public const string MiniProgramAppId = "wxtest00miniprogram";
    public const string OfficialAccountAppId = "wxtest0officialacct";
    public static readonly string Parent = FakeWechatServer.SandboxOpenId("test-parent");

    private WechatHarness(FakeTimeProvider clock, FakeWechatServer fake, ServiceProvider services)
    {
        Clock = clock;
        Fake = fake;
        Services = services;
        Clients = services.GetRequiredService<WechatClients>();
    }

    public FakeTimeProvider Clock { get; }
    public FakeWechatServer Fake { get; }
    public ServiceProvider Services { get; }
    public WechatClients Clients { get; }
    public WechatApiClient MiniProgram => Clients.MiniProgram;
    public WechatApiClient OfficialAccount => Clients.OfficialAccount;

    public static async Task<WechatHarness> StartAsync(Action<IServiceCollection>? configureServices = null, bool useClassicToken = false)
    {
        var clock = Clocks.Now();
        var fake = await FakeWechatServer.StartNewAsync(clock);
        fake.RegisterApp(MiniProgramAppId, "mp-secret");
        fake.RegisterApp(OfficialAccountAppId, "oa-secret");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wechat:Mode"] = "Live",
            ["Wechat:BaseUrl"] = fake.BaseUrl,
            ["Wechat:MiniProgram:AppId"] = MiniProgramAppId,
            ["Wechat:MiniProgram:AppSecret"] = "mp-secret",
            ["Wechat:OfficialAccount:AppId"] = OfficialAccountAppId,
            ["Wechat:OfficialAccount:AppSecret"] = "oa-secret",
            ["Wechat:RetryBaseDelay"] = "00:00:00.010",
            ["Wechat:UseStableToken"] = useClassicToken ? "false" : "true",
        }).Build();

        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(services);
        services.AddWechat(configuration, new TestEnvironment(Environments.Production));
        return new WechatHarness(clock, fake, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

internal sealed class TestEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;
    public string ApplicationName { get; set; } = "WechatCare.Wechat.Tests";
    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
