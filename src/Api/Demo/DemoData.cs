using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;
using WechatCare.Wechat.Fake;

namespace WechatCare.Api.Demo;

/// <summary>
/// A living system for a newcomer's first <c>dotnet run</c> (Development only, <c>Demo:Seed</c>): an association, a
/// school, a teacher, volunteers and parents. In Sandbox mode a login code <c>demo-organizer#1</c> logs in as the
/// demo organizer (the text before <c>#</c> names the person; the suffix makes each code single-use like wx.login's).
/// </summary>
public static class DemoData
{
    public static readonly string[] People =
        ["demo-admin", "demo-organizer", "demo-teacher", "demo-volunteer-1", "demo-volunteer-2", "demo-volunteer-3", "demo-parent-1", "demo-parent-2"];

    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        if (await db.Organizations.AnyAsync()) return;

        var users = People.ToDictionary(p => p, p => User.FromMiniProgramLogin(FakeWechatServer.SandboxOpenId(p), null, now));
        users["demo-admin"].MakePlatformAdmin();
        string[] names = ["平台管理员", "王组织", "李老师", "张同学", "刘同学", "陈阿姨", "小明妈妈", "小红爸爸"];
        foreach (var (user, name) in users.Values.Zip(names)) user.Rename(name);
        db.Users.AddRange(users.Values);

        var association = Organization.Create("毕节市阳光志愿者协会", OrganizationKind.Association, "贵州省毕节市", now);
        var school = Organization.Create("七星关区希望小学", OrganizationKind.School, "贵州省毕节市七星关区", now);
        db.Organizations.AddRange(association, school);

        void Grant(Organization org, string person, Role role) =>
            db.Memberships.Add(Membership.Grant(org.Id, users[person].Id, role, users["demo-admin"].Id, now));
        Grant(association, "demo-admin", Role.Admin);
        Grant(association, "demo-organizer", Role.Organizer);
        Grant(school, "demo-admin", Role.Admin);
        Grant(school, "demo-teacher", Role.Teacher);
        foreach (var volunteer in new[] { "demo-volunteer-1", "demo-volunteer-2", "demo-volunteer-3" }) Grant(association, volunteer, Role.Volunteer);
        Grant(school, "demo-parent-1", Role.Parent);
        Grant(school, "demo-parent-2", Role.Parent);

        db.Send(users["demo-parent-1"].Id, new MessageDraft("welcome", "欢迎使用 WechatCare", "学校的通知、孩子的到校情况都会在这里告诉您。"), now);
        await db.SaveChangesAsync();

        var world = new DemoWorld(db, users, association, school, now);
        // Each feature seeds its own part here, one line each.
        await DeliveryDemo.SeedAsync(world);
        await ActivitiesDemo.SeedAsync(world);
        await DonationsDemo.SeedAsync(world);
        await ChildrenDemo.SeedAsync(world);
        await ChildParticipationDemo.SeedAsync(world);
        await PairingDemo.SeedAsync(world);
        _ = world;
    }
}

/// <summary>What the base demo created, for the features' demo seeders.</summary>
public sealed record DemoWorld(CareDb Db, IReadOnlyDictionary<string, User> People, Organization Association, Organization School, DateTimeOffset Now);
