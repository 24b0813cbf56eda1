using System.Net.Http.Json;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

public sealed class LoginTests(CareApp app) : IClassFixture<CareApp>
{
    [Fact]
    public async Task A_valid_wx_login_code_yields_a_token_that_opens_the_api()
    {
        var http = app.CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { code = "li-lei#" + Guid.NewGuid() });
        var body = await response.ExpectAsync(200);

        Assert.False(string.IsNullOrEmpty(body.Str("token")));
        Assert.True(DateTimeOffset.Parse(body.Str("expiresAt")) > app.Clock.GetUtcNow());
        Assert.DoesNotContain("session", body.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        http.DefaultRequestHeaders.Authorization = new("Bearer", body.Str("token"));
        var me = await (await http.GetAsync("/api/me")).ExpectAsync(200);
        Assert.Equal(body["user"]!.Str("id"), me.Str("id"));
    }

    [Fact]
    public async Task A_persons_first_logins_at_the_same_moment_are_one_user_and_no_error()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = $"first-timer#{Guid.NewGuid():N}" })));

        var ids = new List<string>();
        foreach (var answer in answers) ids.Add((await answer.ExpectAsync(200))["user"]!.Str("id"));
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task The_same_person_logging_in_twice_is_the_same_user()
    {
        var first = await app.LogInAsync("han-meimei");
        var second = await app.LogInAsync("han-meimei");
        Assert.Equal(first.UserId, second.UserId);
    }

    [Fact]
    public async Task A_code_wechat_refuses_is_401_wechat_login_failed()
    {
        app.Wechat.FailNext("sns/jscode2session", 40029);
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = "expired-code" });
        var problem = await response.ExpectAsync(401);
        Assert.Equal("wechat_login_failed", problem.Str("code"));
    }

    [Fact]
    public async Task Replaying_a_used_code_is_refused()
    {
        var http = app.CreateClient();
        var code = "zhang-san#" + Guid.NewGuid();
        await (await http.PostAsJsonAsync("/api/auth/login", new { code })).ExpectAsync(200);

        var replay = await (await http.PostAsJsonAsync("/api/auth/login", new { code })).ExpectAsync(401);
        Assert.Equal("wechat_login_failed", replay.Str("code"));
    }

    [Fact]
    public async Task An_openid_listed_as_admin_becomes_platform_admin_and_others_do_not()
    {
        var admin = await app.LogInAsAdminAsync();
        var volunteer = await app.LogInAsync("volunteer-wang");

        Assert.True((await (await admin.Http.GetAsync("/api/me")).ExpectAsync(200))["isPlatformAdmin"]!.GetValue<bool>());
        Assert.False((await (await volunteer.Http.GetAsync("/api/me")).ExpectAsync(200))["isPlatformAdmin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WeChat_being_down_is_502_wechat_unavailable()
    {
        app.Wechat.DropNext("sns/jscode2session", times: 10);
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = "down#" + Guid.NewGuid() });
        var problem = await response.ExpectAsync(502);
        Assert.Equal("wechat_unavailable", problem.Str("code"));
        app.Wechat.ResetScripts();
    }
}
