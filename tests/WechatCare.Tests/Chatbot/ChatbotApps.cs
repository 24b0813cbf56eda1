using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

internal static class ChatbotApps
{
    /// <summary>A fresh host whose Official Account and mini-program have push settings (the tests play WeChat).</summary>
    public static Task<CareApp> StartAsync(params (string Key, string? Value)[] extra) => StartAsync(Engine.Sqlite, false, extra);

    public static async Task<CareApp> StartAsync(Engine engine, bool withRedis, params (string Key, string? Value)[] extra)
    {
        var app = new CareApp { Engine = engine, WithRedis = withRedis, Settings = OfficialAccountChat.Settings(extra) };
        await app.InitializeAsync();
        return app;
    }
}
