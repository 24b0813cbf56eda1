using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

public sealed class RemindersAndCertificateTests
{
    private static async Task SendRemindersAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SendActivityRemindersCommand());
    }

    private static async Task<int> CountAsync(CareApp app, UserClient user, string purpose)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CareDb>().Outbox.CountAsync(m => m.RecipientUserId == user.UserId && m.Purpose == purpose);
    }

    [Fact]
    public async Task Confirmed_volunteers_are_reminded_once_a_day_before_and_once_two_hours_before()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 1, startsIn: TimeSpan.FromHours(30));
        var confirmed = await d.VolunteerAsync("confirmed");
        var waiting = await d.VolunteerAsync("waiting");
        await ActivityDriver.SignUpAsync(confirmed, activity.Str("id"));
        await ActivityDriver.SignUpAsync(waiting, activity.Str("id"));

        await SendRemindersAsync(app);
        Assert.Equal(0, await CountAsync(app, confirmed, ActivityMessages.Reminder24h));
        app.Clock.Advance(TimeSpan.FromHours(7));
        await SendRemindersAsync(app);
        await SendRemindersAsync(app);
        Assert.Equal(1, await CountAsync(app, confirmed, ActivityMessages.Reminder24h));
        app.Clock.Advance(TimeSpan.FromHours(21.5));
        await SendRemindersAsync(app);
        await SendRemindersAsync(app);
        Assert.Equal(1, await CountAsync(app, confirmed, ActivityMessages.Reminder24h));
        Assert.Equal(1, await CountAsync(app, confirmed, ActivityMessages.Reminder2h));
        Assert.Equal(0, await CountAsync(app, waiting, ActivityMessages.Reminder24h) + await CountAsync(app, waiting, ActivityMessages.Reminder2h));
    }

    [Fact]
    public async Task The_first_reminder_says_today_for_an_activity_later_the_same_day_and_tomorrow_for_one_the_next_day()
    {
        await using var app = new CareApp();   // 09:00 in Shanghai
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var evening = await d.PublishedActivityAsync("今晚的活动", startsIn: TimeSpan.FromHours(10));      // 19:00 today
        var early = await d.PublishedActivityAsync("明早的活动", startsIn: TimeSpan.FromHours(21));        // 06:00 tomorrow
        var volunteer = await d.VolunteerAsync("reminded");
        await ActivityDriver.SignUpAsync(volunteer, evening.Str("id"));
        await ActivityDriver.SignUpAsync(volunteer, early.Str("id"));

        await SendRemindersAsync(app);
        using var scope = app.Services.CreateScope();
        var bodies = await scope.ServiceProvider.GetRequiredService<CareDb>().Outbox
            .Where(m => m.RecipientUserId == volunteer.UserId && m.Purpose == ActivityMessages.Reminder24h).Select(m => m.Body).ToListAsync();
        Assert.Contains("（今天）", Assert.Single(bodies, b => b.Contains("今晚的活动")));
        Assert.Contains("（明天）", Assert.Single(bodies, b => b.Contains("明早的活动")));
    }

    [Fact]
    public async Task A_certificate_prints_the_service_and_anyone_can_verify_its_code()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var volunteer = await d.VolunteerAsync("cert-holder");
        await d.AttendOneAsync(volunteer);
        await d.AttendOneAsync(volunteer);

        var issued = await (await volunteer.Http.PostJsonAsync("/api/me/certificates", new { organizationId = d.OrgId })).ExpectAsync(201);
        Assert.Equal(2, issued["activitiesAttended"]!.GetValue<int>());
        Assert.Equal(1m, issued["hours"]!.GetValue<decimal>());   // two 30-minute activities: 0.5 h each
        var code = issued.Str("verificationCode");

        var html = await (await volunteer.Http.GetAsync($"/api/me/certificates/{code}")).Content.ReadAsStringAsync();
        Assert.Contains("志愿服务记录证明", html);
        Assert.Contains("毕节市阳光志愿者协会", html);
        Assert.Contains(code, html);
        var stranger = await app.LogInAsync("stranger");
        await (await stranger.Http.GetAsync($"/api/me/certificates/{code}")).ExpectAsync(404);

        var anonymous = app.CreateClient();
        var verified = await (await anonymous.GetAsync($"/api/certificates/{code}")).ExpectAsync(200);
        Assert.Equal(2, verified["activitiesAttended"]!.GetValue<int>());
        Assert.Equal("志****r", verified.Str("volunteerName"));
        await (await anonymous.GetAsync("/api/certificates/NOTAREALCODE")).ExpectAsync(404);
    }
}
