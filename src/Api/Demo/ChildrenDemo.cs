using Microsoft.EntityFrameworkCore.Infrastructure;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Security;

namespace WechatCare.Api.Demo;

/// <summary>
/// Invented children of the demo school (every name starts with 示例, every phone is 1380000xxxx), two of them
/// linked to the demo parents, the demo teacher allowed to read health notes, and last week's attendance.
/// </summary>
public static class ChildrenDemo
{
    public static async Task SeedAsync(DemoWorld world)
    {
        var db = world.Db;
        var services = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ApplicationServiceProvider!;
        var cipher = services.GetRequiredService<FieldCipher>();
        var teacher = world.People["demo-teacher"].Id;
        var policy = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChildrenOptions>>().Value.ConsentPolicyVersion;
        const ConsentScopes scopes = ConsentScopes.BasicArchive | ConsentScopes.HealthNotes | ConsentScopes.ParentsContact;

        (string Name, Gender Gender, int Grade, string Guardian, string Relation, string Hobbies, string? Health)[] kids =
        [
            ("示例童·小星", Gender.Female, 4, "示例奶奶甲", "祖母", "画画、跳绳", "示例：对花生过敏"),
            ("示例童·小禾", Gender.Male, 4, "示例爷爷乙", "祖父", "踢毽子、看图画书", null),
            ("示例童·小溪", Gender.Female, 3, "示例外婆丙", "外祖母", "唱歌", "示例：轻度近视，坐前排"),
            ("示例童·小山", Gender.Male, 5, "示例姑姑丁", "姑姑", "下象棋", null),
        ];
        var children = kids.Select((k, i) =>
        {
            var child = Child.Register(world.School.Id, k.Name, k.Gender, new DateOnly(2021 - k.Grade, 3 + i, 10), k.Grade, $"{k.Grade}年级1班",
                LeftBehindKind.Both, new GuardianInfo(k.Guardian, k.Relation, $"1380000010{i}", $"示例省示例县示例村{i + 1}号"),
                [new ParentInfo($"示例家长{i + 1}", $"1380000020{i}", "示例市")], "开朗", k.Hobbies, k.Health, scopes, policy, teacher, cipher, world.Now);
            db.GuardianConsents.Add(GuardianConsent.Record(child.Id, k.Guardian, k.Relation, scopes, policy, ConsentMethod.Paper, world.Now.AddDays(-10), teacher, world.Now));
            return child;
        }).ToList();
        db.Children.AddRange(children);
        db.GuardianLinks.Add(GuardianLink.Link(children[0].Id, world.People["demo-parent-1"].Id, world.Now));
        db.GuardianLinks.Add(GuardianLink.Link(children[1].Id, world.People["demo-parent-2"].Id, world.Now));
        db.HealthNoteGrants.Add(HealthNoteGrant.Grant(world.School.Id, teacher, world.People["demo-admin"].Id, world.Now));

        // Last week, Monday to Friday: mostly present, one late, one absence, one leave; 小星 also goes to the care home.
        var today = ChinaTime.DateOf(world.Now);
        var monday = ChinaTime.WeekStart(today).AddDays(-7);
        for (var day = 0; day < 5; day++)
        {
            var date = monday.AddDays(day);
            for (var c = 0; c < children.Count; c++)
            {
                var status = (day, c) switch { (1, 1) => AttendanceStatus.Late, (3, 2) => AttendanceStatus.Absent, (4, 3) => AttendanceStatus.Leave, _ => AttendanceStatus.Present };
                var checkIn = status == AttendanceStatus.Late ? At(date, 8, 20) : At(date, 7, 50);
                db.AttendanceRecords.Add(AttendanceRecord.Record(children[c].Id, world.School.Id, date, AttendancePlace.School, status,
                    status is AttendanceStatus.Present or AttendanceStatus.Late ? checkIn : null, null, teacher, world.Now));
            }
            db.AttendanceRecords.Add(AttendanceRecord.Record(children[0].Id, world.School.Id, date, AttendancePlace.CareHome, AttendanceStatus.Present,
                At(date, 16, 30), At(date, 19, 0), teacher, world.Now));
        }
        db.WeeklyNotes.Add(WeeklyNote.Write(children[0].Id, monday, "示例：这周主动帮同学打扫教室", teacher, world.Now));
        await db.SaveChangesAsync();
    }

    private static DateTime At(DateOnly date, int hour, int minute) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).UtcDateTime;
}
