using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation;
using WechatCare.Domain.Activities;
using WechatCare.Tests.Activities;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>活动, 报名 N, 取消 N, 我的报名 and 我的时长 through the push URL, against the Activities use cases.</summary>
public sealed class ActivityCommandTests
{
    [Fact]
    public async Task A_volunteer_signs_up_waitlists_and_cancels_by_the_number_the_last_list_showed()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        var full = await driver.PublishedActivityAsync("周末陪伴课堂", capacity: 1);
        var open = await driver.PublishedActivityAsync("图书角整理", capacity: 5, startsIn: TimeSpan.FromDays(3));
        await ActivityDriver.SignUpAsync(await driver.VolunteerAsync("volunteer-early"), full.Str("id"));
        var volunteer = await driver.VolunteerAsync("volunteer-chat");
        var openId = await chat.LinkedAsync(volunteer);

        Assert.Contains("请先回复“活动”查看编号", await chat.SayAsync(openId, "报名 1"));
        var list = await chat.SayAsync(openId, "近期活动");
        Assert.Contains("1. 周末陪伴课堂", list);
        Assert.Contains("已满", list);
        Assert.Contains("2. 图书角整理", list);
        Assert.Contains("余 5 位", list);

        Assert.Contains("候补第 1 位", await chat.SayAsync(openId, "报名１"));
        Assert.Contains("报名成功", await chat.SayAsync(openId, "报名　2"));
        Assert.Equal("你已经报名了这个活动", await chat.SayAsync(openId, "报名2"));
        Assert.Contains("没有第 5 项", await chat.SayAsync(openId, "报名 5"));
        Assert.Contains("格式不对", await chat.SayAsync(openId, "报名 第一个"));
        Assert.Equal(1, (await (await volunteer.Http.GetAsync($"/api/activities/{open.Str("id")}")).ExpectAsync(200))["seatsTaken"]!.GetValue<int>());

        var mine = await chat.SayAsync(openId, "我的报名");
        Assert.Contains("1. 周末陪伴课堂", mine);
        Assert.Contains("候补第 1 位", mine);
        Assert.Contains("2. 图书角整理", mine);
        Assert.Contains("已报名", mine);

        Assert.Equal("已取消报名。", await chat.SayAsync(openId, "取消报名 2"));
        Assert.Equal(0, (await (await volunteer.Http.GetAsync($"/api/activities/{open.Str("id")}")).ExpectAsync(200))["seatsTaken"]!.GetValue<int>());
        Assert.DoesNotContain("图书角整理", await chat.SayAsync(openId, "我的报名"));

        await chat.AssertAuditedAsync(volunteer, "sign-up", "ok");
        await chat.AssertAuditedAsync(volunteer, "sign-up", "refused");
        await chat.AssertAuditedAsync(volunteer, "cancel-sign-up", "ok");
        await chat.AssertAuditedAsync(volunteer, "my-sign-ups", "ok");
    }

    [Fact]
    public async Task Cancel_n_takes_the_number_from_my_sign_ups_even_after_the_activities_list_was_shown()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        await driver.PublishedActivityAsync("安全演练", capacity: 5, startsIn: TimeSpan.FromDays(1));
        var reading = await driver.PublishedActivityAsync("读书会", capacity: 5, startsIn: TimeSpan.FromDays(2));
        var garden = await driver.PublishedActivityAsync("菜园劳动", capacity: 5, startsIn: TimeSpan.FromDays(3));
        var volunteer = await driver.VolunteerAsync("volunteer-two-lists");
        await ActivityDriver.SignUpAsync(volunteer, reading.Str("id"));
        await ActivityDriver.SignUpAsync(volunteer, garden.Str("id"));
        var openId = await chat.LinkedAsync(volunteer);

        Assert.Contains("2. 菜园劳动", await chat.SayAsync(openId, "我的报名"));
        Assert.Contains("2. 读书会", await chat.SayAsync(openId, "活动"));   // numbered differently: 1 is 安全演练
        Assert.Equal("已取消报名。", await chat.SayAsync(openId, "取消 2"));

        var mine = await chat.SayAsync(openId, "我的报名");
        Assert.Contains("读书会", mine);
        Assert.DoesNotContain("菜园劳动", mine);
    }

    [Fact]
    public async Task The_prior_activities_rule_refuses_in_the_same_words_as_the_API_and_hours_are_counted()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        var volunteer = await driver.VolunteerAsync("volunteer-once");
        await driver.AttendOneAsync(volunteer);
        var advanced = await driver.PublishedActivityAsync("进阶陪伴课堂", minPriorActivities: 2);
        var openId = await chat.LinkedAsync(volunteer);

        var api = await (await volunteer.Http.PostJsonAsync($"/api/activities/{advanced.Str("id")}/signups", new { })).ExpectAsync(422);
        Assert.Contains("1. 进阶陪伴课堂", await chat.SayAsync(openId, "活动"));
        var refusal = await chat.SayAsync(openId, "报名 1");

        Assert.Equal(api.Str("detail"), refusal);
        Assert.Contains("还差 1 次", refusal);
        await chat.AssertAuditedAsync(volunteer, "sign-up", "refused");

        var hours = await chat.SayAsync(openId, "志愿时长");
        Assert.Contains("你共参加了 1 次活动，服务 0.5 小时", hours);
        Assert.Contains("毕节市阳光志愿者协会", hours);
    }

    [Fact]
    public async Task Scanning_the_activitys_check_in_code_in_the_Official_Account_checks_the_volunteer_in()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        var activity = await driver.PublishedActivityAsync("周末陪伴课堂", startsIn: TimeSpan.FromMinutes(30));
        var volunteer = await driver.VolunteerAsync("volunteer-scan");
        await ActivityDriver.SignUpAsync(volunteer, activity.Str("id"));
        var openId = await chat.LinkedAsync(volunteer);
        string scene;
        await using (var scope = app.Services.CreateAsyncScope())
            scene = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetCheckInSceneQuery(driver.Organizer.UserId, Guid.Parse(activity.Str("id"))));
        var scan = chat.Event(openId, "SCAN", ChatEngine.ActivityCheckInScene + scene);

        Assert.Contains("签到成功", await chat.ReplyTextAsync(await chat.PostAsync(scan)));

        var signUps = await driver.SignUpsAsync(activity.Str("id"));
        Assert.Contains(signUps["items"]!.AsArray(), s => s!.Str("userId") == volunteer.UserId.ToString() && s!["checkedInAt"] is not null);
        await chat.AssertAuditedAsync(volunteer, "activity-check-in", "ok");
    }

    [Fact]
    public async Task Before_linking_anyone_sees_the_activities_but_signing_up_asks_to_link()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        await driver.PublishedActivityAsync("周末陪伴课堂");
        var guest = OfficialAccountChat.OpenId("guest");

        var list = await chat.SayAsync(guest, "活动");
        Assert.Contains("1. 周末陪伴课堂", list);
        Assert.Contains("绑定账号后", list);
        Assert.Contains("你还没有绑定账号", await chat.SayAsync(guest, "报名 1"));
        Assert.Contains("你还没有绑定账号", await chat.SayAsync(guest, "我的时长"));
    }

    [Fact]
    public async Task The_activity_list_finds_what_is_coming_behind_fifty_activities_that_have_ended()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var driver = await ActivityDriver.StartAsync(app);
        for (var i = 0; i < 50; i++)
            await driver.PublishedActivityAsync($"往期活动 {i}", startsIn: TimeSpan.FromHours(1), length: TimeSpan.FromMinutes(30));
        await driver.PublishedActivityAsync("下周读书会", startsIn: TimeSpan.FromDays(7));
        await driver.PublishedActivityAsync("周末陪伴课堂", startsIn: TimeSpan.FromDays(2));
        app.Clock.Advance(TimeSpan.FromHours(2));

        var list = await chat.SayAsync(OfficialAccountChat.OpenId("guest"), "活动");
        Assert.Contains("1. 周末陪伴课堂", list);
        Assert.Contains("2. 下周读书会", list);
        Assert.DoesNotContain("往期活动", list);
    }
}
