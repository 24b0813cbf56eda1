using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Children;
using WechatCare.Domain.Children.Participation;
using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;

namespace WechatCare.Api.Demo;

/// <summary>
/// The school's 夏令营 (summer camp) for its children: 4th grade and up, no child who went last year, parental approval,
/// 20 places. Last year's edition is on file with 示例童·小山 attending; 示例童·小星 is enrolled and waits for
/// demo-parent-1's answer (the request is in the outbox and the inbox).
/// </summary>
public static class ChildParticipationDemo
{
    public const string Series = "夏令营";

    public static async Task SeedAsync(DemoWorld world)
    {
        var db = world.Db;
        var staff = world.People["demo-admin"].Id;
        var now = world.Now;
        var today = ChinaTime.ToChina(now);
        var year = today.Month < 6 ? today.Year : today.Year + 1;
        DateTimeOffset July(int y, int day, int hour) => new(y, 7, day, hour, 0, 0, TimeSpan.FromHours(8));

        var lastYear = Activity.FromHistory(world.School.Id, staff, $"{year - 1} 年暑期夏令营", July(year - 1, 15, 9), July(year - 1, 20, 16), now);
        lastYear.PartOfSeries(Series);
        var camp = Activity.Create(world.School.Id, staff, $"{year} 年暑期夏令营", "五天的科学、绘画和户外活动，老师和志愿者全程陪同，住在学校宿舍。",
            "七星关区希望小学", July(year, 15, 9), July(year, 20, 16), July(year, 1, 18), null, false, null, [],
            [new ScheduleSlot(July(year, 15, 9), July(year, 15, 11), "开营仪式")], [new RoleSpec("带队志愿者", null, 6, 0)], now);
        camp.PartOfSeries(Series);
        camp.Publish(now);
        db.Activities.AddRange(lastYear, camp);
        var admission = ChildAdmission.For(camp);
        admission.Change(camp, 20, 4, true, ConsentScopes.BasicArchive, true, staff, now);
        db.ChildAdmissions.Add(admission);

        var children = await db.Children.Where(c => c.OrganizationId == world.School.Id).ToDictionaryAsync(c => c.Name);
        var xiaoshan = ChildParticipant.Enrol(lastYear.Id, children["示例童·小山"].Id, false, staff, now);
        xiaoshan.MarkAttended(staff, now);
        var xiaoxing = children["示例童·小星"];
        db.ChildParticipants.AddRange(xiaoshan, ChildParticipant.Enrol(camp.Id, xiaoxing.Id, true, staff, now));
        db.Send(world.People["demo-parent-1"].Id, ParticipationMessages.ApprovalRequested(camp, xiaoxing.Id, xiaoxing.Name, now), now);
        await db.SaveChangesAsync();
        await db.TryTakeChildPlaceAsync(camp.Id, default);
    }
}
