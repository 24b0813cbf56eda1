using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

/// <summary>The same scenarios on the embedded default (SQLite) and, in CI, on a real MariaDB.</summary>
public sealed class PersistenceTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static async Task<CareApp> StartAsync(Engine engine)
    {
        var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        return app;
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending(Engine engine)
    {
        await using var app = await StartAsync(engine);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration captures");
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Chinese_and_emoji_survive_a_round_trip(Engine engine)
    {
        await using var app = await StartAsync(engine);
        var admin = await app.LogInAsAdminAsync();
        const string name = "留守儿童之家·阳光小屋 🌈👧";

        var created = await (await admin.Http.PostJsonAsync("/api/organizations", new { name, kind = "community", region = "贵州省毕节市七星关区" })).ExpectAsync(201);
        var read = await (await admin.Http.GetAsync($"/api/organizations/{created.Str("id")}")).ExpectAsync(200);

        Assert.Equal(name, read.Str("name"));
        Assert.Equal("贵州省毕节市七星关区", read.Str("region"));
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_message_written_with_a_change_reaches_the_inbox_and_the_outbox(Engine engine)
    {
        await using var app = await StartAsync(engine);
        var parent = await app.LogInAsync("parent-chen");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            db.Send(parent.UserId, new MessageDraft("notice", "期末家长会通知", "本周五下午 3 点召开家长会 📅"), app.Clock.GetUtcNow());
            db.Send(parent.UserId, new MessageDraft("reminder", "明天的提醒", "稍后才显示", DueAt: app.Clock.GetUtcNow().AddDays(1)), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var inbox = await (await parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal(1, inbox["total"]!.GetValue<int>());
        Assert.Equal("本周五下午 3 点召开家长会 📅", inbox["items"]![0]!.Str("body"));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var outbox = await db.Outbox.Where(m => m.RecipientUserId == parent.UserId).ToListAsync();
            Assert.Equal(2, outbox.Count);
            Assert.All(outbox, m => Assert.Equal(OutboxStatus.Pending, m.Status));
            // Inbox and outbox share the message id.
            Assert.Contains(outbox, m => m.Id.ToString() == inbox["items"]![0]!.Str("id"));
        }

        app.Clock.Advance(TimeSpan.FromDays(1));
        parent = await app.LogInAsync("parent-chen");   // tokens last 12 h
        var later = await (await parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal(2, later["total"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task The_session_key_is_stored_encrypted(Engine engine)
    {
        await using var app = await StartAsync(engine);
        var user = await app.LogInAsync("wu-fang");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var stored = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.SessionKeyCipher).SingleAsync();
        Assert.StartsWith("v1.", stored);
        var sessionKeyFromWechat = app.Wechat.CallsTo("sns/jscode2session").Last().Answer;
        Assert.DoesNotContain(stored!, sessionKeyFromWechat);
    }
}
