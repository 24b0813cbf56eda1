using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>
/// Two organisations with their staff, two children of organisation A with linked parents and a paired mentor, and
/// people with no relation — every relation the access rules distinguish. The seeded personal data is fictional.
/// </summary>
public sealed class ChildrenWorld
{
    public const string GuardianPhone = "13800001111";
    public const string GuardianAddress = "贵州省毕节市七星关区幸福村三组十七号";
    public const string HealthNotes = "对青霉素过敏，哮喘需随身带喷雾";
    public const string ParentPhone = "13900002222";
    public const string ParentWorkCity = "广东省东莞市长安镇";
    public const string ChildName = "测试童星星";
    public const string OtherChildName = "测试童月月";

    public static readonly string[] SeededSecrets = [GuardianPhone, GuardianAddress, HealthNotes, ParentPhone, ParentWorkCity, "13700003333"];

    public required CareApp App { get; init; }
    public required string OrgA { get; init; }
    public required string OrgB { get; init; }
    public required UserClient Admin { get; init; }
    public required UserClient TeacherWithGrant { get; init; }
    public required UserClient OrganizerA { get; init; }
    public required UserClient TeacherB { get; init; }
    public required UserClient Parent { get; init; }
    public required UserClient OtherParent { get; init; }
    public required UserClient Mentor { get; init; }
    public required UserClient OtherMentor { get; init; }
    public required UserClient Stranger { get; init; }
    /// <summary>A platform admin only when the test lists "outside-admin" in Care:AdminOpenIds; no membership either way.</summary>
    public required UserClient OutsideAdmin { get; init; }
    public required string ChildId { get; init; }
    public required string OtherChildId { get; init; }

    public static async Task<ChildrenWorld> CreateAsync(CareApp app)
    {
        var admin = await app.LogInAsAdminAsync();
        var orgA = await CreateOrgAsync(admin, "测试希望小学", "school");
        var orgB = await CreateOrgAsync(admin, "测试阳光之家", "community");
        var teacher = await app.LogInAsync("teacher-with-grant");
        var organizer = await app.LogInAsync("organizer-a");
        var teacherB = await app.LogInAsync("teacher-b");
        await GrantAsync(admin, orgA, teacher, "teacher");
        await GrantAsync(admin, orgA, organizer, "organizer");
        await GrantAsync(admin, orgB, teacherB, "teacher");
        await (await organizer.Http.PutAsync($"/api/organizations/{orgA}/health-note-readers/{teacher.UserId}", null)).ExpectAsync(200);

        var child = await (await teacher.Http.PostJsonAsync("/api/children", NewChild(orgA, ChildName, GuardianPhone))).ExpectAsync(201);
        var other = await (await teacher.Http.PostJsonAsync("/api/children", NewChild(orgA, OtherChildName, "13700003333"))).ExpectAsync(201);
        var childId = child.Str("id");
        var otherId = other.Str("id");

        var parent = await app.LogInAsync("parent-of-xingxing");
        var otherParent = await app.LogInAsync("parent-of-yueyue");
        await LinkAsync(teacher, parent, childId);
        await LinkAsync(teacher, otherParent, otherId);

        var mentor = await app.LogInAsync("mentor-paired");
        var otherMentor = await app.LogInAsync("mentor-of-yueyue");
        await PairMentorAsync(app, childId, mentor.UserId);
        await PairMentorAsync(app, otherId, otherMentor.UserId);

        return new ChildrenWorld
        {
            App = app, OrgA = orgA, OrgB = orgB, Admin = admin, TeacherWithGrant = teacher, OrganizerA = organizer, TeacherB = teacherB,
            Parent = parent, OtherParent = otherParent, Mentor = mentor, OtherMentor = otherMentor,
            Stranger = await app.LogInAsync("stranger"), OutsideAdmin = await app.LogInAsync("outside-admin"), ChildId = childId, OtherChildId = otherId,
        };
    }

    public static object NewChild(string orgId, string name, string guardianPhone, object? consent = null, bool withConsent = true) => new
    {
        organizationId = orgId,
        name,
        gender = "female",
        birthDate = "2016-04-12",
        grade = 4,
        className = "四年级二班",
        guardian = new { name = "测试奶奶", relation = "祖母", phone = guardianPhone, address = GuardianAddress },
        parents = new[] { new { name = "测试爸爸", phone = ParentPhone, workCity = ParentWorkCity } },
        leftBehind = "both",
        personality = "安静，喜欢帮助同学",
        hobbies = "画画、跳绳",
        healthNotes = HealthNotes,
        consent = withConsent
            ? consent ?? new { by = "测试奶奶", relation = "祖母", at = "2026-08-30T10:00:00+08:00", scopes = new[] { "basic-archive", "health-notes", "parents-contact" }, method = "paper" }
            : null,
    };

    public static async Task<string> CreateOrgAsync(UserClient admin, string name, string kind) =>
        (await (await admin.Http.PostJsonAsync("/api/organizations", new { name, kind, region = "贵州省毕节市" })).ExpectAsync(201)).Str("id");

    public static async Task GrantAsync(UserClient admin, string orgId, UserClient who, string role) =>
        await (await admin.Http.PutJsonAsync($"/api/organizations/{orgId}/members/{who.UserId}", new { role })).ExpectAsync(200);

    public static async Task LinkAsync(UserClient teacher, UserClient parent, string childId)
    {
        var invite = await (await teacher.Http.PostAsync($"/api/children/{childId}/guardian-invites", null)).ExpectAsync(201);
        await (await parent.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") })).ExpectAsync(200);
    }

    /// <summary>What the Pairing feature will do: fill the <see cref="ChildMentor"/> seam.</summary>
    public static async Task PairMentorAsync(CareApp app, string childId, Guid mentorId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        db.ChildMentors.Add(ChildMentor.Pair(Guid.Parse(childId), mentorId, app.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    public int AuditCount(string childId)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(childId);
        return db.ChildReadAudits.Count(a => a.ChildId == id);
    }
}
