using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

/// <summary>Every route needs a token unless it is on the explicit public list below.</summary>
public sealed class EndpointAuthTests(CareApp app) : IClassFixture<CareApp>
{
    private static readonly HashSet<string> PublicRoutes =
    [
        "POST /api/auth/login",
        "GET /health/live",
        "GET /health/ready",
        "GET /metrics",
        "GET /openapi/{documentName}.json",
        "GET /scalar/{documentName?}",
        "GET /wechat/callback",
        "POST /wechat/callback",
        "POST /wechat/miniprogram/callback",
        "GET /api/activities/",
        "GET /api/activities/{id:guid}",
        "GET /api/certificates/{code}",
        "GET /api/public/drives/{id:guid}",
        "GET /api/public/drives/{id:guid}/print",
        "GET /api/public/receipts/{code}",
    ];

    [Fact]
    public async Task Every_route_outside_the_public_list_answers_401_without_a_token()
    {
        var http = app.CreateClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .Where(r => r.Method != "OPTIONS")
            .Distinct()
            .ToList();
        Assert.True(routes.Count >= 8, $"only {routes.Count} routes found");

        var checkedRoutes = 0;
        foreach (var (method, pattern) in routes)
        {
            var key = $"{method} {(pattern.StartsWith('/') ? pattern : "/" + pattern)}";
            if (PublicRoutes.Contains(key) || key.StartsWith("GET /scalar", StringComparison.Ordinal)) continue;
            var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
            if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Unauthorized, $"{key} answered {(int)response.StatusCode} without a token");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 5);
    }

    /// <summary>Fills every route parameter with a plausible value: a GUID for ids, a word otherwise.</summary>
    private static string Concrete(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:?]+)[^}]*\}", m =>
            m.Groups[1].Value.EndsWith("Id", StringComparison.OrdinalIgnoreCase) || m.Groups[1].Value == "id" ? Guid.NewGuid().ToString() : "x");
        return path.StartsWith('/') ? path : "/" + path;
    }
}
