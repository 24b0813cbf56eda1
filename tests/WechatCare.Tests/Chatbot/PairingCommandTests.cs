using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Conversation;
using WechatCare.Domain.Data;
using WechatCare.Domain.Pairing;
using WechatCare.Tests.Infrastructure;
using WechatCare.Tests.Pairing;

namespace WechatCare.Tests.Chatbot;

/// <summary>记录 … → 是, and 我的结对, against the Pairing use cases.</summary>
public sealed class PairingCommandTests
{
    private static readonly object TwiceWeekly = new { kind = "child-contact", times = 2, per = "week" };

    public static TheoryData<bool> CacheLanes => new() { false, true };

    [Theory, MemberData(nameof(CacheLanes))]
    public async Task A_mentor_logs_a_contact_in_one_sentence_after_confirming_what_the_bot_understood(bool withRedis)
    {
        await using var app = await ChatbotApps.StartAsync(Engine.Sqlite, withRedis);
        var chat = new OfficialAccountChat(app);
        var w = await PairingWorld.CreateAsync(app);
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        var openId = await chat.LinkedAsync(w.Volunteer1);

        var understood = await chat.SayAsync(openId, "记录 今天给小禾打了电话２０分钟");
        Assert.Contains("孩子：测试童小禾", understood);
        Assert.Contains("方式：与孩子交流", understood);
        Assert.Contains("时间：今天", understood);
        Assert.Contains("时长：20 分钟", understood);
        Assert.Contains("回复“是”保存", understood);
        Assert.Equal(0, await ContactCountAsync(w, pairing));

        Assert.Contains("已保存：测试童小禾", await chat.SayAsync(openId, "是的"));
        var contact = (await (await w.Volunteer1.Http.GetAsync($"/api/pairings/{pairing}/contacts")).ExpectAsync(200))["items"]!.AsArray().Single()!;
        Assert.Equal((w.Child1, "child-contact", 20, "今天给小禾打了电话20分钟"),
            (contact.Str("childId"), contact.Str("kind"), contact["durationMinutes"]!.GetValue<int>(), contact.Str("notes")));
        Assert.Contains("没有待保存的记录", await chat.SayAsync(openId, "是"));
        Assert.Equal(1, await ContactCountAsync(w, pairing));

        var status = await chat.SayAsync(openId, "我的结对");
        Assert.Contains("测试童小禾：每周与孩子交流2次，本期已完成 1 次，还差 1 次", status);
        Assert.Contains("测试童小苗", status);
        await chat.AssertAuditedAsync(w.Volunteer1, "log-contact", "ok");
        await chat.AssertAuditedAsync(w.Volunteer1, "save-contact", "ok");
        await chat.AssertAuditedAsync(w.Volunteer1, "my-pairings", "ok");
    }

    [Fact]
    public async Task A_draft_can_be_dropped_expires_and_text_WeChat_rejects_is_never_drafted()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await PairingWorld.CreateAsync(app);
        var pairing = await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        var openId = await chat.LinkedAsync(w.Volunteer1);

        Assert.Contains("没看出是哪个孩子", await chat.SayAsync(openId, "记录 今天打了电话"));
        var visit = await chat.SayAsync(openId, "记录 昨天去小苗家家访一个半小时");
        Assert.Contains("孩子：测试童小苗", visit);
        Assert.Contains("方式：家访", visit);
        Assert.Contains("时间：昨天", visit);
        Assert.Contains("时长：90 分钟", visit);
        Assert.Equal("好的，没有保存。", await chat.SayAsync(openId, "否"));
        Assert.Contains("没有待保存的记录", await chat.SayAsync(openId, "是"));

        await chat.SayAsync(openId, "记录 给小禾打电话没人接");
        app.Clock.Advance(ContactDrafts.Kept + TimeSpan.FromMinutes(1));
        Assert.Contains("没有待保存的记录", await chat.SayAsync(openId, "是"));

        app.Wechat.FlagContent("坏话");
        Assert.Contains("内容未通过微信安全检查", await chat.SayAsync(openId, "记录 给小禾打电话说了坏话"));
        Assert.Contains("没有待保存的记录", await chat.SayAsync(openId, "是"));
        Assert.Equal(0, await ContactCountAsync(w, pairing));

        // Someone with no pairing cannot log anything.
        Assert.Contains("没有进行中的结对帮扶", await chat.SayAsync(await chat.LinkedAsync(w.Volunteer2), "记录 今天给小禾打了电话"));
        await chat.AssertAuditedAsync(w.Volunteer1, "log-contact", "refused");
    }

    [Fact]
    public async Task My_pairings_in_the_chat_is_an_audited_read_of_each_child_it_names()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await PairingWorld.CreateAsync(app);
        await w.PairAsync([w.Volunteer1], [w.Child1, w.Child2], TwiceWeekly);
        var openId = await chat.LinkedAsync(w.Volunteer1);
        var before = (PairingPrivacyTests.AuditCount(app, w.Child1), PairingPrivacyTests.AuditCount(app, w.Child2), PairingPrivacyTests.AuditCount(app, w.Child3));

        Assert.Contains("测试童小禾", await chat.SayAsync(openId, "我的结对"));

        Assert.Equal((before.Item1 + 1, before.Item2 + 1, before.Item3),
            (PairingPrivacyTests.AuditCount(app, w.Child1), PairingPrivacyTests.AuditCount(app, w.Child2), PairingPrivacyTests.AuditCount(app, w.Child3)));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var child1 = Guid.Parse(w.Child1);
        var last = db.ChildReadAudits.AsNoTracking().Where(a => a.ChildId == child1).AsEnumerable().MaxBy(a => a.Id)!;
        Assert.Equal(("mentor", "name,pairing", "ChatMyPairings", w.Volunteer1.UserId), (last.Relation, last.Fields, last.Purpose, last.ReaderUserId));
    }

    [Theory]
    [InlineData("今天给小红打了电话20分钟", ContactKind.ChildContact, 20, 0, ContactOutcome.Reached)]
    [InlineData("昨天和小红妈妈视频了半小时", ContactKind.ParentContact, 30, 1, ContactOutcome.Reached)]
    [InlineData("前天去小红家家访两个小时", ContactKind.HomeVisit, 120, 2, ContactOutcome.Reached)]
    [InlineData("给小红写信", ContactKind.Letter, 0, 0, ContactOutcome.Reached)]
    [InlineData("给小红打电话没人接", ContactKind.ChildContact, 0, 0, ContactOutcome.Tried)]
    [InlineData("和小红谈心二十五分钟，她十分开心", ContactKind.Talk, 25, 0, ContactOutcome.Reached)]
    public void A_contact_sentence_gives_kind_minutes_day_and_outcome(string said, ContactKind kind, int minutes, int daysAgo, ContactOutcome outcome) =>
        Assert.Equal((kind, minutes, daysAgo, outcome),
            (ContactSentence.KindOf(said), ContactSentence.MinutesOf(said), ContactSentence.DaysAgo(said), ContactSentence.OutcomeOf(said)));

    private static async Task<int> ContactCountAsync(PairingWorld w, string pairing) =>
        (await (await w.Organizer.Http.GetAsync($"/api/pairings/{pairing}/contacts")).ExpectAsync(200))["total"]!.GetValue<int>();
}
