using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WechatCare.Domain.Children;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Pairing;
using WechatCare.Domain.Security;

namespace WechatCare.Api.Demo;

/// <summary>
/// Two demo volunteers join the demo school: one is paired with two children (1:n) under the "三个二" duties, both
/// share one child as 代理妈妈 (n:1); the demo teacher keeps monthly talk records for class 4年级1班. A few contacts,
/// one of them a failed attempt.
/// </summary>
public static class PairingDemo
{
    public static async Task SeedAsync(DemoWorld world)
    {
        var db = world.Db;
        var cipher = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ApplicationServiceProvider!.GetRequiredService<FieldCipher>();
        var school = world.School.Id;
        var organizer = world.People["demo-admin"].Id;
        var v1 = world.People["demo-volunteer-1"].Id;
        var v2 = world.People["demo-volunteer-2"].Id;
        var teacher = world.People["demo-teacher"].Id;
        foreach (var v in new[] { v1, v2 }) db.Memberships.Add(Membership.Grant(school, v, Role.Volunteer, organizer, world.Now));
        var children = await db.Children.Where(c => c.OrganizationId == school).OrderBy(c => c.Name).ToListAsync();
        if (children.Count < 3) return;
        var xiaohe = children.Single(c => c.Name.EndsWith("小禾"));
        var xiaoxing = children.Single(c => c.Name.EndsWith("小星"));
        var xiaoxi = children.Single(c => c.Name.EndsWith("小溪"));

        var oneToMany = Pairing.Start(school, PairingKind.Mentoring, [v1], [xiaoxing.Id, xiaohe.Id], organizer, world.Now.AddDays(-20));
        var manyToOne = Pairing.Start(school, PairingKind.Mentoring, [v1, v2], [xiaoxi.Id], organizer, world.Now.AddDays(-20));
        var talks = Pairing.Start(school, PairingKind.ClassTalks, [teacher],
            children.Where(c => c.ClassName == "4年级1班").Select(c => c.Id), organizer, world.Now.AddDays(-20));
        db.Pairings.AddRange(oneToMany, manyToOne, talks);
        CadenceRuleSpec[] threeTwos =
        [
            new([ContactKind.ChildContact], 2, CadencePer.Week, CadenceCounting.AnyMentor),
            new([ContactKind.ParentContact], 2, CadencePer.Month, CadenceCounting.AnyMentor),
            new([ContactKind.HomeVisit], 2, CadencePer.TwoMonths, CadenceCounting.AnyMentor),
        ];
        db.CadenceRules.AddRange(threeTwos.Select(r => CadenceRule.For(school, oneToMany.Id, r)));
        db.CadenceRules.Add(CadenceRule.For(school, manyToOne.Id, new([ContactKind.ChildContact, ContactKind.Letter], 1, CadencePer.Month, CadenceCounting.AnyMentor)));
        db.CadenceRules.Add(CadenceRule.For(school, talks.Id, StartClassTalksHandler.MonthlyTalk.Spec));

        db.ContactLogs.AddRange(
            ContactLog.Log(oneToMany.Id, xiaoxing.Id, v1, ContactKind.ChildContact, world.Now.AddDays(-2), 30, ContactOutcome.Reached, cipher.Encrypt("示例：一起读了绘本"), world.Now),
            ContactLog.Log(oneToMany.Id, xiaohe.Id, v1, ContactKind.ParentContact, world.Now.AddDays(-4), 5, ContactOutcome.Tried, cipher.Encrypt("示例：电话无人接听"), world.Now),
            ContactLog.Log(manyToOne.Id, xiaoxi.Id, v2, ContactKind.Letter, world.Now.AddDays(-6), 0, ContactOutcome.Reached, null, world.Now),
            ContactLog.Log(talks.Id, xiaoxing.Id, teacher, ContactKind.Talk, world.Now.AddDays(-3), 15, ContactOutcome.Reached, cipher.Encrypt("示例：谈了交朋友的烦恼"), world.Now));
        foreach (var p in new[] { oneToMany, manyToOne, talks })
        foreach (var m in p.Mentors)
        foreach (var c in p.Children)
            if (!db.ChildMentors.Local.Any(x => x.ChildId == c.ChildId && x.MentorUserId == m.UserId))
                db.ChildMentors.Add(ChildMentor.Pair(c.ChildId, m.UserId, world.Now));
        await db.SaveChangesAsync();
    }
}
