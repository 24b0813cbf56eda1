using System.Text.Json;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Tests.Support;

namespace WechatCare.Wechat.Tests;

public class TokenTests
{
    [Fact]
    public async Task Fifty_concurrent_calls_after_expiry_cause_exactly_one_token_fetch()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(WechatHarness.Parent);
        await h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent);
        Assert.Equal(1, h.Fake.TokenFetches);

        h.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent)));

        Assert.Equal(2, h.Fake.TokenFetches);
        Assert.Equal(51, h.Fake.CallsTo("cgi-bin/user/info").Count(c => c.ErrorCode == 0));
    }

    [Fact]
    public async Task Token_is_refreshed_five_minutes_before_it_expires()
    {
        await using var h = await WechatHarness.StartAsync();
        var first = await h.OfficialAccount.GetAccessTokenAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(7200 - 301));
        Assert.Equal(first, await h.OfficialAccount.GetAccessTokenAsync());
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await h.OfficialAccount.GetAccessTokenAsync();
        Assert.Equal(2, h.Fake.TokenFetches);
    }

    [Fact]
    public async Task Each_app_has_its_own_token()
    {
        await using var h = await WechatHarness.StartAsync();
        Assert.NotEqual(await h.MiniProgram.GetAccessTokenAsync(), await h.OfficialAccount.GetAccessTokenAsync());
        Assert.Equal([WechatHarness.MiniProgramAppId, WechatHarness.OfficialAccountAppId],
            h.Fake.CallsTo("cgi-bin/stable_token").Select(c => c.AppId).Order());
    }

    [Fact]
    public async Task Superseded_token_is_refreshed_once_for_a_burst_of_rejected_calls_which_then_succeed()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(WechatHarness.Parent);
        var old = await h.OfficialAccount.GetAccessTokenAsync();
        h.Fake.SupersedeAccessToken(WechatHarness.OfficialAccountAppId);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent)));

        Assert.Equal(2, h.Fake.TokenFetches);
        Assert.NotEqual(old, await h.OfficialAccount.GetAccessTokenAsync());
        var userInfo = h.Fake.CallsTo("cgi-bin/user/info");
        Assert.All(userInfo.Where(c => c.AccessToken == old), c => Assert.Equal(40001, c.ErrorCode));
        Assert.Equal(20, userInfo.Count(c => c.ErrorCode == 0));
    }

    [Fact]
    public async Task When_stable_token_returns_the_rejected_token_again_it_is_force_refreshed()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.AddFollower(WechatHarness.Parent);
        await h.OfficialAccount.GetAccessTokenAsync();
        h.Fake.FailNext("cgi-bin/user/info", 42001);

        await h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent);

        var forceFlags = h.Fake.CallsTo("cgi-bin/stable_token")
            .Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("force_refresh").GetBoolean());
        Assert.Equal([false, false, true], forceFlags);
    }

    [Fact]
    public async Task A_second_rejection_after_the_refresh_is_not_retried_again()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.FailNext("cgi-bin/user/info", 40001, times: 5);

        var error = await Assert.ThrowsAsync<WechatApiException>(() => h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent));

        Assert.Equal(WechatFailureKind.AccessTokenRejected, error.Kind);
        Assert.Equal(2, h.Fake.CallsTo("cgi-bin/user/info").Count);
    }

    [Fact]
    public async Task Classic_token_endpoint_works_when_stable_token_is_switched_off()
    {
        await using var h = await WechatHarness.StartAsync(useClassicToken: true);
        h.Fake.AddFollower(WechatHarness.Parent);
        Assert.True((await h.OfficialAccount.ExecuteCgibinUserInfoAsync(WechatHarness.Parent)).IsFollowing);
        var fetch = Assert.Single(h.Fake.CallsTo("cgi-bin/token"));
        Assert.Contains("grant_type=client_credential", fetch.Query);
        Assert.Empty(h.Fake.CallsTo("cgi-bin/stable_token"));
    }

    [Fact]
    public async Task Wrong_secret_fails_the_token_fetch_with_a_permanent_error()
    {
        await using var h = await WechatHarness.StartAsync();
        h.Fake.RegisterApp(WechatHarness.OfficialAccountAppId, "rotated-secret");
        var error = await Assert.ThrowsAsync<WechatApiException>(() => h.OfficialAccount.GetAccessTokenAsync());
        Assert.Equal((40125, WechatFailureKind.Permanent, "cgi-bin/stable_token"), (error.ErrorCode, error.Kind, error.Endpoint));
    }
}
