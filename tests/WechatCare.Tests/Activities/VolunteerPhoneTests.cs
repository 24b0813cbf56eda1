using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>The volunteer profile's phone may come from the mini-program's getPhoneNumber button instead of being typed.</summary>
public sealed class VolunteerPhoneTests
{
    private static object Profile(string phoneCode) => new
    {
        realName = "王小雨", phoneCode, kind = "social", skills = new[] { "cooking" }, birthDate = "1995-06-01",
    };

    [Fact]
    public async Task A_phone_code_from_wechat_becomes_the_volunteers_phone_stored_encrypted_and_works_only_once()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var volunteer = await app.LogInAsync("phone-button");
        var code = app.Wechat.IssuePhoneCode("13912345678");

        var saved = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(code))).ExpectAsync(200);
        Assert.Equal("13912345678", saved.Str("phone"));
        var read = await (await volunteer.Http.GetAsync("/api/me/volunteer")).ExpectAsync(200);
        Assert.Equal("13912345678", read.Str("phone"));
        Assert.Single(app.Wechat.CallsTo("wxa/business/getuserphonenumber"));

        using (var scope = app.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CareDb>().VolunteerProfiles.AsNoTracking().SingleAsync();
            Assert.DoesNotContain("13912345678", stored.PhoneCipher);
            Assert.DoesNotContain("13912345678", stored.PhoneHash);
        }

        var again = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile(code))).ExpectAsync(422);
        Assert.Equal("phone_code_invalid", again.Str("code"));
    }

    [Fact]
    public async Task An_invalid_phone_code_is_refused_in_chinese_and_nothing_is_saved()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var volunteer = await app.LogInAsync("phone-forger");

        var problem = await (await volunteer.Http.PutJsonAsync("/api/me/volunteer", Profile("made-up-code"))).ExpectAsync(422);
        Assert.Equal("phone_code_invalid", problem.Str("code"));
        Assert.Equal("手机号授权已失效或已使用，请重新点击“获取手机号”", problem.Str("detail"));
        await (await volunteer.Http.GetAsync("/api/me/volunteer")).ExpectAsync(404);
    }
}
