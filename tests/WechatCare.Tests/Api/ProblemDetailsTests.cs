using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task A_400_names_the_bad_fields_in_errors()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        var response = await admin.Http.PostJsonAsync("/api/organizations", new { name = "", kind = "school", region = "x" });
        var problem = await response.ExpectAsync(400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation_failed", problem.Str("code"));
        Assert.NotNull(problem["errors"]!["name"]);
    }

    [Fact]
    public async Task Malformed_json_or_an_unknown_enum_value_is_a_400_not_a_500()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        var problem = await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "x", kind = "castle", region = "y" })).ExpectAsync(400);
        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task A_bad_or_missing_query_value_is_named_with_what_it_takes_not_blamed_on_a_json_body()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        var org = (await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "甲校", kind = "school", region = "x" })).ExpectAsync(201)).Str("id");

        var badPage = await (await admin.Http.GetAsync($"/api/notices?organizationId={org}&page=abc")).ExpectAsync(400);
        Assert.Equal("malformed_request", badPage.Str("code"));
        Assert.Equal("请求参数不正确", badPage.Str("detail"));
        Assert.Equal(["参数 page 的取值“abc”无法识别，应为整数"], Messages(badPage, "page"));
        Assert.Null(badPage["errors"]!["body"]);

        var missing = await (await admin.Http.GetAsync("/api/notices")).ExpectAsync(400);
        Assert.Equal(["缺少参数 organizationId（应为有效的编号）"], Messages(missing, "organizationId"));

        var badDate = await (await admin.Http.GetAsync($"/api/children/{Guid.NewGuid()}/attendance?from=昨天")).ExpectAsync(400);
        Assert.Equal(["参数 from 的取值“昨天”无法识别，应为日期，如 2026-09-01"], Messages(badDate, "from"));

        // A body that is not JSON is still said to be one.
        var body = await (await admin.Http.PostAsync("/api/organizations", new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).ExpectAsync(400);
        Assert.NotNull(body["errors"]!["body"]);
    }

    private static List<string> Messages(System.Text.Json.Nodes.JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToList()
        ?? throw new Xunit.Sdk.XunitException($"no errors for '{field}' in {problem.ToJsonString()}");

    [Fact]
    public async Task A_422_carries_a_machine_readable_code_and_a_chinese_detail()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        var first = new HttpRequestMessage(HttpMethod.Post, "/api/organizations") { Content = Json(new { name = "甲", kind = "school", region = "x" }) };
        first.Headers.Add("Idempotency-Key", "k-422");
        await (await admin.Http.SendAsync(first)).ExpectAsync(201);
        var reused = new HttpRequestMessage(HttpMethod.Post, "/api/organizations") { Content = Json(new { name = "乙", kind = "school", region = "x" }) };
        reused.Headers.Add("Idempotency-Key", "k-422");

        var problem = await (await admin.Http.SendAsync(reused)).ExpectAsync(422);
        Assert.Equal("idempotency_key_reused", problem.Str("code"));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.Str("detail"));
    }

    [Theory]
    [InlineData("GET", "/api/me", 401, "unauthenticated")]   // no token, or an expired one
    [InlineData("GET", "/api/no-such-route", 404, "not_found")]
    [InlineData("DELETE", "/api/organizations", 405, "method_not_allowed")]
    public async Task Answers_the_framework_writes_carry_a_code_and_chinese_text(string method, string path, int status, string code)
    {
        await using var app = new CareApp();
        await app.InitializeAsync();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.Str("code"));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.Str("detail"));
    }

    [Fact]
    public async Task A_500_leaks_no_stack_trace_or_sql()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        // Break the database under the running system.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CareDb>().Database.ExecuteSqlRawAsync("DROP TABLE Organizations");

        var response = await admin.Http.GetAsync("/api/organizations");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains("internal_error", text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("SELECT", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Organizations", text);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
