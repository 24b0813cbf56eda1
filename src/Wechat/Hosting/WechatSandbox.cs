using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WechatCare.Wechat.Fake;

namespace WechatCare.Wechat;

/// <summary>
/// Sandbox mode: the fake WeChat served in-process. Starts with the host, or on the first WeChat call if that comes first.
/// </summary>
public sealed class WechatSandbox(IOptions<WechatOptions> options, TimeProvider clock) : IHostedService, IAsyncDisposable
{
    private readonly Lazy<Task<FakeWechatServer>> _server = new(() => StartAsync(options.Value, clock));

    public Task<FakeWechatServer> GetServerAsync() => _server.Value;

    internal async ValueTask<string> GetBaseUrlAsync(CancellationToken ct) => (await _server.Value.WaitAsync(ct)).BaseUrl;

    Task IHostedService.StartAsync(CancellationToken ct) => _server.Value.WaitAsync(ct);

    Task IHostedService.StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated) await (await _server.Value).DisposeAsync();
    }

    private static async Task<FakeWechatServer> StartAsync(WechatOptions options, TimeProvider clock)
    {
        var server = new FakeWechatServer(clock) { Lenient = true };
        server.RegisterApp(options.MiniProgram.AppId, options.MiniProgram.AppSecret);
        server.RegisterApp(options.OfficialAccount.AppId, options.OfficialAccount.AppSecret);
        await server.StartAsync();
        return server;
    }
}
