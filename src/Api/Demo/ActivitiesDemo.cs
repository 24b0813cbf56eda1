using Microsoft.EntityFrameworkCore.Infrastructure;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Security;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Api.Demo;

/// <summary>
/// The seed's activities: a 防灾减灾 day next week (8 student-volunteer seats needing 3 prior activities, 社会人士 unlimited),
/// a weekend tutoring afternoon, and a paper history that makes 张同学 eligible while 刘同学 is one activity short.
/// </summary>
public static class ActivitiesDemo
{
    public static async Task SeedAsync(DemoWorld world)
    {
        var db = world.Db;
        var cipher = db.GetService<FieldCipher>();
        var organizer = world.People["demo-organizer"].Id;
        var now = world.Now;
        var today = new DateTimeOffset(DateOnly.FromDateTime(Domain.Common.ChinaTime.ToChina(now).DateTime).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

        (string Person, string Name, string Phone, VolunteerKind Kind, int PastActivities)[] volunteers =
        [
            ("demo-volunteer-1", "张同学", "13800000001", VolunteerKind.Student, 3),
            ("demo-volunteer-2", "刘同学", "13800000002", VolunteerKind.Student, 2),
            ("demo-volunteer-3", "陈阿姨", "13800000003", VolunteerKind.Social, 0),
        ];
        var history = Enumerable.Range(1, 3).Select(i => Activity.FromHistory(world.Association.Id, organizer, $"周末陪伴课堂（第 {i} 期）",
            today.AddDays(-30 * i).AddHours(14), today.AddDays(-30 * i).AddHours(17), now)).ToList();
        db.Activities.AddRange(history);
        foreach (var v in volunteers)
        {
            var profile = VolunteerProfile.For(world.People[v.Person].Id);
            profile.Update(v.Name, cipher.Encrypt(v.Phone), cipher.LookupHash(v.Phone), v.Kind, v.Kind == VolunteerKind.Student ? "毕节学院" : null,
                v.Kind == VolunteerKind.Student ? ["teaching"] : ["cooking", "first-aid"], new DateOnly(v.Kind == VolunteerKind.Student ? 2004 : 1975, 6, 1), now);
            db.VolunteerProfiles.Add(profile);
            foreach (var past in history.Take(v.PastActivities)) db.SignUps.Add(SignUp.FromHistory(past, profile.UserId, 6, now));
        }

        var drillDay = today.AddDays(7);
        var drill = Activity.Create(world.Association.Id, organizer, "防灾减灾日 · 校园应急演练",
            "和孩子们一起学习地震、火灾时的自救与疏散，志愿者负责分组带队和急救示范。", "七星关区希望小学操场",
            drillDay.AddHours(8).AddMinutes(20), drillDay.AddHours(12), drillDay.AddDays(-1).AddHours(18), drillDay.AddDays(-1).AddHours(12),
            false, null, [],
            [new ScheduleSlot(drillDay.AddHours(8).AddMinutes(20), drillDay.AddHours(8).AddMinutes(30), "集合"),
             new ScheduleSlot(drillDay.AddHours(9), drillDay.AddHours(11), "疏散演练与急救示范"),
             new ScheduleSlot(drillDay.AddHours(11), drillDay.AddHours(12), "总结与合影")],
            [new RoleSpec("学生志愿者", VolunteerKind.Student, 8, 3), new RoleSpec("社会人士", null, null, 0)], now);
        drill.Publish(now);
        var tutoring = Activity.Create(world.Association.Id, organizer, "周末陪伴课堂", "陪孩子们写作业、读绘本、包饺子。", "留守儿童之家·阳光小屋",
            today.AddDays(3).AddHours(9), today.AddDays(3).AddHours(12).AddMinutes(30), today.AddDays(2).AddHours(20), null, false, null, [],
            [new ScheduleSlot(today.AddDays(3).AddHours(9), today.AddDays(3).AddHours(12).AddMinutes(30), "包饺子")],
            [new RoleSpec("志愿者", null, 10, 0)], now);
        tutoring.Publish(now);
        db.Activities.AddRange(drill, tutoring);
        await db.SaveChangesAsync();
    }
}
