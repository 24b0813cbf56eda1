using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Api.Infrastructure;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

public sealed class IdempotencyAndRateLimitTests
{
    [Fact]
    public async Task The_same_idempotency_key_and_body_create_once_and_answer_the_same()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        async Task<HttpResponseMessage> Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations")
            {
                Content = JsonContent.Create(new { name = "希望小学", kind = "school", region = "四川省" }),
            };
            request.Headers.Add("Idempotency-Key", "double-tap-1");
            return await admin.Http.SendAsync(request);
        }

        var first = await (await Create()).ExpectAsync(201);
        var second = await Create();
        var replayed = await second.ExpectAsync(201);

        Assert.Equal(first.Str("id"), replayed.Str("id"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var list = await (await admin.Http.GetAsync("/api/organizations")).ExpectAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<int>());

        // After 24 h the key is forgotten: the same request creates again.
        app.Clock.Advance(TimeSpan.FromHours(25));
        admin = await app.LogInAsAdminAsync();
        var later = await (await Create()).ExpectAsync(201);
        Assert.NotEqual(first.Str("id"), later.Str("id"));
    }

    [Fact]
    public async Task Two_users_with_the_same_idempotency_key_do_not_share_answers()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        var volunteer = await app.LogInAsync("volunteer-same-key");

        async Task<HttpResponseMessage> CreateAs(UserClient user)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations") { Content = JsonContent.Create(new { name = "同名", kind = "school", region = "x" }) };
            request.Headers.Add("Idempotency-Key", "shared-key");
            return await user.Http.SendAsync(request);
        }

        await (await CreateAs(admin)).ExpectAsync(201);
        // The volunteer's request is judged on its own: not allowed, and not the admin's stored answer.
        await (await CreateAs(volunteer)).ExpectAsync(403);
    }

    [Fact]
    public async Task A_key_left_in_progress_by_a_process_that_died_is_free_again_after_its_lease()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        using (var scope = app.Services.CreateScope())   // what a process killed mid-request leaves behind
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            db.IdempotencyRecords.Add(IdempotencyRecord.Start($"{admin.UserId:N}:k-crashed", "hash-of-the-lost-request", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        HttpRequestMessage Create() => new(HttpMethod.Post, "/api/organizations")
        {
            Content = JsonContent.Create(new { name = "崩溃后重试", kind = "school", region = "x" }), Headers = { { "Idempotency-Key", "k-crashed" } },
        };

        Assert.False((await admin.Http.SendAsync(Create())).IsSuccessStatusCode);
        app.Clock.Advance(IdempotencyMiddleware.InProgressLease + TimeSpan.FromSeconds(1));
        await (await admin.Http.SendAsync(Create())).ExpectAsync(201);
    }

    [Fact]
    public async Task A_whole_school_logs_in_from_one_address_but_guessing_codes_from_it_gets_429_with_retry_after()
    {
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["RateLimits:FailedLoginsPerMinutePerClient"] = "3" } };
        await app.InitializeAsync();
        var http = app.CreateClient();   // every request from the same address, as behind a school's Wi-Fi

        for (var i = 0; i < 40; i++)
            await (await http.PostAsJsonAsync("/api/auth/login", new { code = $"parent{i}#{i}" })).ExpectAsync(200);

        for (var i = 0; i < 4; i++)
        {
            app.Wechat.MarkCodeInvalid($"guess-{i}");
            await (await http.PostAsJsonAsync("/api/auth/login", new { code = $"guess-{i}" })).ExpectAsync(401);
        }
        var limited = await http.PostAsJsonAsync("/api/auth/login", new { code = "parent41#41" });

        var problem = await limited.ExpectAsync(429);
        Assert.Equal("rate_limited", problem.Str("code"));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await http.PostAsJsonAsync("/api/auth/login", new { code = "parent42#42" })).ExpectAsync(200);
    }

    [Fact]
    public async Task Too_many_writes_by_one_user_get_429()
    {
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["RateLimits:WritesPerMinutePerUser"] = "2" } };
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        for (var i = 0; i < 2; i++)
            await (await admin.Http.PostJsonAsync("/api/organizations", new { name = $"org{i}", kind = "school", region = "x" })).ExpectAsync(201);
        await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "org3", kind = "school", region = "x" })).ExpectAsync(429);
        // Reads are not limited by the write budget.
        await (await admin.Http.GetAsync("/api/organizations")).ExpectAsync(200);
    }
}
