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
