using System.Globalization;
using System.Net.Http.Json;
using WechatCare.Tests.Chatbot;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Push;

namespace WechatCare.Tests.Api;

public sealed class OperationsTests(CareApp app) : IClassFixture<CareApp>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_token()
    {
        var http = app.CreateClient();
        var live = await http.GetAsync("/health/live");
        Assert.Equal(200, (int)live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        var ready = await (await http.GetAsync("/health/ready")).ExpectAsync(200);
        Assert.Equal("Healthy", ready["checks"]!["database"]!.Str("status"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_contract_routes()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/v1.json")).ExpectAsync(200);
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/me", paths);
        Assert.Contains("/api/organizations/{orgId}/members/{userId}", paths);
    }

    [Fact]
    public async Task A_bot_only_process_serves_health_metrics_and_wechat_callbacks_but_not_the_api()
    {
        await using var bot = new CareApp { Settings = OfficialAccountChat.Settings(("Host:Roles", "bot")) };
        await bot.InitializeAsync();
        var http = bot.CreateClient();

        await (await http.GetAsync("/health/ready")).ExpectAsync(200);
        Assert.Equal(200, (int)(await http.GetAsync("/metrics")).StatusCode);
        var timestamp = bot.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = WechatMessageCrypto.Sign(OfficialAccountChat.Token, timestamp, "42");
        var verification = await http.GetAsync($"/wechat/callback?signature={signature}&timestamp={timestamp}&nonce=42&echostr=回声");
        Assert.Equal("回声", await verification.Content.ReadAsStringAsync());

        Assert.Equal(404, (int)(await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(404, (int)(await http.PostAsync("/api/auth/login", JsonContent.Create(new { code = "x" }))).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Enum_filters_in_query_strings_are_written_as_in_json_and_unknown_ones_are_a_400()
    {
        var http = app.CreateClient();
        await (await http.GetAsync("/api/activities?status=published")).ExpectAsync(200);
        var problem = await (await http.GetAsync("/api/activities?status=castle")).ExpectAsync(400);
        Assert.NotNull(problem["errors"]!["status"]);
    }
}
