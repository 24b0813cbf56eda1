using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Delivery;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Delivery;

/// <summary>A notice to a large audience is written commit by commit; a release its process left unfinished is completed.</summary>
public sealed class NoticeReleaseTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    /// <summary>Ten parents with subscribe grants, and notices written four recipients to a commit.</summary>
    private static async Task<(CareApp App, DeliveryWorld World)> StartWithParentsAsync(Engine engine)
    {
        var app = new CareApp { Engine = engine, Settings = DeliveryWorld.Settings(("Notices:RecipientsPerCommit", "4")) };
        await app.InitializeAsync();
        var world = await DeliveryWorld.CreateAsync(app);
        var names = Enumerable.Range(1, 10).Select(i => $"release-parent-{i:D2}").ToList();
        await world.SeedAsync(names, Role.Parent);
        await world.GrantAsync(names);
        return (app, world);
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_notice_written_in_several_commits_reaches_every_parent_once(Engine engine)
    {
        var (app, world) = await StartWithParentsAsync(engine);
        await using var _ = app;

        var notice = await world.PublishAsync(new { kind = "parents" });
        await world.RunAsync();

        var noticeId = Guid.Parse(notice.Str("id"));
        Assert.False(await world.DbAsync(db => db.Notices.Where(n => n.Id == noticeId).Select(n => n.ReleasePending).SingleAsync()));
        var reached = await world.DbAsync(db => db.NoticeRecipients.Where(r => r.NoticeId == noticeId).Select(r => r.UserId).ToListAsync());
        Assert.Equal(world.People.Values.Order(), reached.Order());
        var sent = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).GroupBy(DeliveryWorld.MessageIdOf).ToList();
        Assert.Equal(10, sent.Count);
        Assert.All(sent, s => Assert.Single(s));
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_release_whose_process_died_after_its_first_commit_is_completed_by_the_bot(Engine engine)
    {
        var (app, world) = await StartWithParentsAsync(engine);
        await using var _ = app;
        var noticeId = Guid.Parse((await world.PublishAsync(new { kind = "parents" })).Str("id"));

        // The state the process leaves when it dies after the first commit: only the first four recipients written.
        var firstFour = await world.DbAsync(db => db.NoticeRecipients.Where(r => r.NoticeId == noticeId).OrderBy(r => r.MessageId).Take(4).Select(r => r.MessageId).ToListAsync());
        await world.DbAsync(async db =>
        {
            var later = db.NoticeRecipients.Where(r => r.NoticeId == noticeId && !firstFour.Contains(r.MessageId)).Select(r => r.MessageId);
            await db.Inbox.Where(m => later.Contains(m.Id)).ExecuteDeleteAsync();
            await db.Outbox.Where(m => later.Contains(m.Id)).ExecuteDeleteAsync();
            await db.NoticeRecipients.Where(r => r.NoticeId == noticeId && !firstFour.Contains(r.MessageId)).ExecuteDeleteAsync();
            return await db.Notices.Where(n => n.Id == noticeId).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReleasePending, true));
        });
        await world.RunAsync();   // the first four recipients' messages go out meanwhile
        var job = ActivatorUtilities.CreateInstance<ResumeNoticeReleasesJob>(app.Services);

        // While the release may still be running, the job leaves it alone.
        await RunAsync(app, job);
        Assert.Equal(4, await world.DbAsync(db => db.NoticeRecipients.CountAsync(r => r.NoticeId == noticeId)));

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await RunAsync(app, job);
        await world.RunAsync();

        Assert.False(await world.DbAsync(db => db.Notices.Where(n => n.Id == noticeId).Select(n => n.ReleasePending).SingleAsync()));
        var reached = await world.DbAsync(db => db.NoticeRecipients.Where(r => r.NoticeId == noticeId).Select(r => r.UserId).ToListAsync());
        Assert.Equal(world.People.Values.Order(), reached.Order());
        Assert.Equal(10, await world.DbAsync(db => db.Inbox.CountAsync(m => reached.Contains(m.UserId))));
        // WeChat: every parent exactly once, the first four before the crash and the other six after it.
        var sends = app.Wechat.CallsTo(DeliveryWorld.SubscribePath).Where(c => c.ErrorCode == 0).ToList();
        Assert.Equal(10, sends.Count);
        Assert.Equal(10, sends.Select(c => System.Text.Json.Nodes.JsonNode.Parse(c.Body)!["touser"]!.GetValue<string>()).Distinct().Count());
    }

    private static async Task RunAsync(CareApp app, ResumeNoticeReleasesJob job)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
    }
}
