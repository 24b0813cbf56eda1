using WechatCare.Tests.Infrastructure;

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
    public async Task Enum_filters_in_query_strings_are_written_as_in_json_and_unknown_ones_are_a_400()
    {
        var http = app.CreateClient();
        await (await http.GetAsync("/api/activities?status=published")).ExpectAsync(200);
        var problem = await (await http.GetAsync("/api/activities?status=castle")).ExpectAsync(400);
        Assert.NotNull(problem["errors"]!["status"]);
    }
}
