using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Children.Participation;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children.Participation;

/// <summary>
/// A school (organisation A) with a teacher and an organizer, a community (B) with its own teacher, and a 2027 summer
/// camp of the series 夏令营 at A. Children are created through the API with the grade and consent a test needs;
/// past editions (already over) are written as history, the way paper records would be imported.
/// </summary>
public sealed class CampWorld
{
    public required CareApp App { get; init; }
    public required string OrgA { get; init; }
    public required string OrgB { get; init; }
    public required UserClient Teacher { get; init; }
    public required UserClient Organizer { get; init; }
    public required UserClient TeacherB { get; init; }
    public required string CampId { get; init; }

    public static readonly DateTimeOffset CampStart = new(2027, 7, 15, 9, 0, 0, TimeSpan.FromHours(8));

    public static async Task<CampWorld> CreateAsync(CareApp app, object? rules = null)
    {
        var admin = await app.LogInAsAdminAsync();
        var orgA = await ChildrenWorld.CreateOrgAsync(admin, "测试希望小学", "school");
        var orgB = await ChildrenWorld.CreateOrgAsync(admin, "测试阳光之家", "community");
        var teacher = await app.LogInAsync("camp-teacher");
        var organizer = await app.LogInAsync("camp-organizer");
        var teacherB = await app.LogInAsync("camp-teacher-b");
        await ChildrenWorld.GrantAsync(admin, orgA, teacher, "teacher");
        await ChildrenWorld.GrantAsync(admin, orgA, organizer, "organizer");
        await ChildrenWorld.GrantAsync(admin, orgB, teacherB, "teacher");

        var camp = await (await organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = orgA, title = "2027 年暑期夏令营", description = "科学、绘画和户外活动", location = "测试希望小学", series = "夏令营",
            startsAt = CampStart, endsAt = CampStart.AddDays(5), signUpClosesAt = CampStart.AddDays(-14), capacity = 6,
        })).ExpectAsync(201);
        var campId = camp.Str("id");
        await (await organizer.Http.PostAsync($"/api/activities/{campId}/publish", null)).ExpectAsync(200);
        await (await organizer.Http.PutJsonAsync($"/api/activities/{campId}/children/rules", rules ?? new
        {
            places = 20, minGrade = 4, firstTimersOfSeriesOnly = true, consentScopes = new[] { "basic-archive", "photos" }, requiresParentalApproval = true,
        })).ExpectAsync(200);
        return new CampWorld { App = app, OrgA = orgA, OrgB = orgB, Teacher = teacher, Organizer = organizer, TeacherB = teacherB, CampId = campId };
    }

    /// <summary>A child of <paramref name="orgId"/> (A by default), optionally linked to a new parent (returned).</summary>
    public async Task<(string Id, UserClient? Parent)> ChildAsync(string name, int grade = 4, bool photos = true, bool linkParent = true,
        string? orgId = null, UserClient? teacher = null)
    {
        teacher ??= Teacher;
        var scopes = photos ? new[] { "basic-archive", "photos" } : new[] { "basic-archive" };
        var created = await (await teacher.Http.PostJsonAsync("/api/children", new
        {
            organizationId = orgId ?? OrgA, name, gender = "male", birthDate = "2016-05-01", grade, className = $"{grade}年级1班",
            guardian = new { name = "测试外婆", relation = "外祖母", phone = "13600004444", address = "测试县测试村" },
            leftBehind = "both", hobbies = "踢球",
            consent = new { by = "测试外婆", relation = "外祖母", at = "2026-08-30T10:00:00+08:00", scopes, method = "paper" },
        })).ExpectAsync(201);
        var id = created.Str("id");
        if (!linkParent) return (id, null);
        var parent = await App.LogInAsync($"parent-of-{name}");
        await ChildrenWorld.LinkAsync(teacher, parent, id);
        return (id, parent);
    }

    /// <summary>A past edition of <paramref name="series"/> at organisation A, starting on <paramref name="start"/>, that the child attended.</summary>
    public async Task AttendedAsync(string childId, string series, DateTimeOffset start, string? orgId = null)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var now = App.Clock.GetUtcNow();
        var past = Activity.FromHistory(Guid.Parse(orgId ?? OrgA), Teacher.UserId, $"{start.Year} 年{series}", start, start.AddDays(3), now);
        past.PartOfSeries(series);
        var participant = ChildParticipant.Enrol(past.Id, Guid.Parse(childId), false, Teacher.UserId, now);
        participant.MarkAttended(Teacher.UserId, now);
        db.Activities.Add(past);
        db.ChildParticipants.Add(participant);
        await db.SaveChangesAsync();
    }

    public Task<HttpResponseMessage> EnrolAsync(string childId, UserClient? by = null, string? campId = null) =>
        (by ?? Teacher).Http.PostJsonAsync($"/api/activities/{campId ?? CampId}/children", new { childId });

    public Task<HttpResponseMessage> DecideAsync(UserClient parent, string childId, bool approved, string? campId = null) =>
        parent.Http.PostJsonAsync($"/api/activities/{campId ?? CampId}/children/{childId}/approval", new { approved });

    public async Task<JsonNode> PreviewAsync(UserClient? by = null, int pageSize = 100) =>
        await (await (by ?? Teacher).Http.GetAsync($"/api/activities/{CampId}/children/eligibility?pageSize={pageSize}")).ExpectAsync(200);

    public static JsonNode Row(JsonNode preview, string childId) =>
        preview["items"]!.AsArray().Single(i => i!.Str("childId") == childId)!;

    public static string[] Codes(JsonNode row) => row["unmet"]!.AsArray().Select(u => u!.Str("code")).Order().ToArray();

    public int Audits(string childId, string purpose)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(childId);
        return db.ChildReadAudits.Count(a => a.ChildId == id && a.Purpose == purpose);
    }
}
