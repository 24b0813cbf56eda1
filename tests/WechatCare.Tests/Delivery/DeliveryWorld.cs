using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Delivery;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Notices;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Delivery;

/// <summary>An organisation with an organizer, and helpers to seed recipients and run dispatchers by hand.</summary>
public sealed class DeliveryWorld
{
    public const string SubscribeTemplate = "tmpl-notice-subscribe";
    public const string OfficialTemplate = "tmpl-notice-official";
    public const string SubscribePath = "cgi-bin/message/subscribe/send";
    public const string TemplatePath = "cgi-bin/message/template/send";
    public const string CustomerPath = "cgi-bin/message/custom/send";

    private DeliveryWorld(CareApp app, Guid organizationId, UserClient organizer)
    {
        App = app;
        OrganizationId = organizationId;
        Organizer = organizer;
    }

    public CareApp App { get; }
    public Guid OrganizationId { get; }
    public UserClient Organizer { get; }

    /// <summary>
    /// The seeded people by the name a test gave them. The name is only the test's handle (it makes their WeChat openids):
    /// people never set a display name, so nothing the system shows may depend on one.
    /// </summary>
    public IReadOnlyDictionary<string, Guid> People => _people;
    private readonly Dictionary<string, Guid> _people = new();

    /// <summary>Settings every delivery test uses: no background worker (tests run dispatchers by hand), templates, fast client retries.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:InProcess"] = "false",
            ["Wechat:Templates:notice"] = SubscribeTemplate,
            ["Wechat:Templates:notice.fields"] = "thing1=title,thing2=body,time3=time",
            ["Wechat:Templates:notice.oa"] = OfficialTemplate,
            ["Wechat:RetryBaseDelay"] = "00:00:00.005",
            ["Delivery:RetryBaseDelay"] = "00:00:05",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    public static async Task<DeliveryWorld> CreateAsync(CareApp app, string orgName = "阳光小学")
    {
        var admin = await app.LogInAsAdminAsync();
        var org = await (await admin.Http.PostJsonAsync("/api/organizations", new { name = orgName, kind = "school", region = "贵州省" })).ExpectAsync(201);
        var orgId = Guid.Parse(org.Str("id"));
        var organizer = await app.LogInAsync("organizer-" + Guid.NewGuid().ToString("N")[..6]);
        await (await admin.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{organizer.UserId}", new { role = "organizer" })).ExpectAsync(200);
        return new DeliveryWorld(app, orgId, organizer);
    }

    public static string OfficialOpenId(string name) => FakeWechatServer.SandboxOpenId(name + "@oa");

    /// <summary>The class of a seeded parent's child when the test names none.</summary>
    public const string DefaultClass = "一(1)班";

    /// <summary>The label staff see for a seeded parent of one child (the child is named after the parent's handle).</summary>
    public static string ParentLabel(string name, string className = DefaultClass) => $"{className} {name}的孩子的家长";

    /// <summary>
    /// Adds people with a role straight to the database (with no display name, as real users have none). A parent is a parent through a child: each is linked as the
    /// guardian of a (fictional) child of <paramref name="childInClass"/> (<see cref="DefaultClass"/> when none is named),
    /// as a guardian invite would link them; anyone else only with <paramref name="childInClass"/>.
    /// </summary>
    public async Task<List<Guid>> SeedAsync(IEnumerable<string> names, Role role, string? childInClass = null, bool follower = false, Guid? organizationId = null)
    {
        var org = organizationId ?? OrganizationId;
        childInClass ??= role == Role.Parent ? DefaultClass : null;
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
        var now = App.Clock.GetUtcNow();
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            var openId = FakeWechatServer.SandboxOpenId(name);
            var user = await db.Users.SingleOrDefaultAsync(u => u.MiniProgramOpenId == openId);
            if (user is null)
            {
                user = User.FromMiniProgramLogin(openId, null, now);
                db.Users.Add(user);
            }
            if (follower)
            {
                user.LinkOfficialAccount(OfficialOpenId(name));
                user.FollowOfficialAccount();
                App.Wechat.AddFollower(OfficialOpenId(name));
            }
            db.Memberships.Add(Membership.Grant(org, user.Id, role, null, now));
            if (childInClass is not null)
            {
                AddChildOf(db, cipher, org, user.Id, name, childInClass, now);
            }
            ids.Add(user.Id);
            _people[name] = user.Id;
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A (fictional) child of <paramref name="className"/> with <paramref name="parentId"/> linked as its guardian, as an invite would link them.</summary>
    public static void AddChildOf(CareDb db, FieldCipher cipher, Guid organizationId, Guid parentId, string parentName, string className, DateTimeOffset now)
    {
        var child = Child.Register(organizationId, parentName + "的孩子", Gender.Female, new DateOnly(2017, 5, 1), 3, className, LeftBehindKind.Both,
            new GuardianInfo(parentName, "母亲", "13800000000", "示例村"), [], null, null, null, ConsentScopes.BasicArchive, "test", parentId, cipher, now);
        db.Children.Add(child);
        db.GuardianLinks.Add(GuardianLink.Link(child.Id, parentId, now));
    }

    /// <summary>Gives people a long-term subscribe grant in our ledger and at the fake WeChat.</summary>
    public async Task GrantAsync(IEnumerable<string> names, int atWechat = 1_000_000, bool longTerm = true)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        foreach (var name in names)
        {
            var openId = FakeWechatServer.SandboxOpenId(name);
            var userId = await db.Users.Where(u => u.MiniProgramOpenId == openId).Select(u => u.Id).SingleAsync();
            var grant = SubscribeGrant.For(userId, SubscribeTemplate, App.Clock.GetUtcNow());
            grant.Add(longTerm, GrantReporter.MiniProgram, App.Clock.GetUtcNow());
            db.SubscribeGrants.Add(grant);
            App.Wechat.GrantSubscription(openId, SubscribeTemplate, atWechat);
        }
        await db.SaveChangesAsync();
    }

    public async Task<JsonNode> PublishAsync(object audience, string title = "期末家长会通知", string body = "本周五下午三点在学校礼堂召开家长会，请准时参加。",
        bool requiresConfirmation = false, DateTimeOffset? scheduledAt = null, int status = 201) =>
        await (await Organizer.Http.PostJsonAsync("/api/notices", new
        {
            organizationId = OrganizationId, title, body, audience, requiresConfirmation, scheduledAt,
        })).ExpectAsync(status);

    public OutboxDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<OutboxDispatcher>(App.Services);

    public async Task RunAsync(OutboxDispatcher? dispatcher = null, CancellationToken ct = default)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await (dispatcher ?? App.Services.GetRequiredService<OutboxDispatcher>()).RunAsync(scope.ServiceProvider, ct);
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CareDb>().Outbox.AsNoTracking().ToListAsync();
    }

    public async Task<T> DbAsync<T>(Func<CareDb, Task<T>> read)
    {
        using var scope = App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<CareDb>());
    }

    /// <summary>Our message id of a recorded send: client_msg_id (template) or the m= parameter of the page (subscribe).</summary>
    public static string? MessageIdOf(FakeWechatCall call)
    {
        var json = JsonNode.Parse(call.Body)!;
        if (json["client_msg_id"]?.GetValue<string>() is { } id) return id;
        var page = json["page"]?.GetValue<string>() ?? json["miniprogram"]?["pagepath"]?.GetValue<string>();
        var at = page?.IndexOf("m=", StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : page![(at + 2)..];
    }
}
