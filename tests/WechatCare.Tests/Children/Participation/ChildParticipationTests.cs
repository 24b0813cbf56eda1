using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children.Participation;

public sealed class ChildParticipationTests
{
    private static readonly DateTimeOffset LastSummer = new(2026, 7, 15, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Each_child_side_rule_is_explained_with_its_numbers_in_the_organizers_preview()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);

        var ready = await world.ChildAsync("测试童甲");
        var third = await world.ChildAsync("测试童乙", grade: 3);
        var lastYear = await world.ChildAsync("测试童丙");
        await world.AttendedAsync(lastYear.Id, "夏令营", LastSummer);
        var twoYearsAgo = await world.ChildAsync("测试童丁");
        await world.AttendedAsync(twoYearsAgo.Id, "夏令营", LastSummer.AddYears(-1));
        var otherSeries = await world.ChildAsync("测试童戊");
        await world.AttendedAsync(otherSeries.Id, "春游", LastSummer);
        // Half past midnight on 1 January 2026 in China is still 2025 in UTC: "last year" is a China calendar year.
        var newYearsNight = await world.ChildAsync("测试童子");
        await world.AttendedAsync(newYearsNight.Id, "夏令营", new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)));
        var noPhotos = await world.ChildAsync("测试童己", photos: false);
        var pending = await world.ChildAsync("测试童庚");
        var declined = await world.ChildAsync("测试童辛");
        var approved = await world.ChildAsync("测试童壬");
        var noParent = await world.ChildAsync("测试童癸", linkParent: false);
        foreach (var child in new[] { pending, declined, approved }) await (await world.EnrolAsync(child.Id)).ExpectAsync(201);
        await (await world.DecideAsync(declined.Parent!, declined.Id, approved: false)).ExpectAsync(200);
        await (await world.DecideAsync(approved.Parent!, approved.Id, approved: true)).ExpectAsync(200);

        var preview = await world.PreviewAsync();
        (string Id, string[] Codes)[] table =
        [
            (ready.Id, ["parental_approval_required"]),
            (third.Id, ["child_grade_too_low", "parental_approval_required"]),
            (lastYear.Id, ["attended_series_last_year", "parental_approval_required"]),
            (twoYearsAgo.Id, ["parental_approval_required"]),
            (otherSeries.Id, ["parental_approval_required"]),
            (newYearsNight.Id, ["attended_series_last_year", "parental_approval_required"]),
            (noPhotos.Id, ["guardian_consent_required", "parental_approval_required"]),
            (pending.Id, ["parental_approval_pending"]),
            (declined.Id, ["parental_approval_declined"]),
            (approved.Id, []),
            (noParent.Id, ["linked_parent_required", "parental_approval_required"]),
        ];
        foreach (var (id, codes) in table) Assert.Equal(codes, CampWorld.Codes(CampWorld.Row(preview, id)));
        Assert.Equal(11, preview["children"]!.GetValue<int>());
        Assert.Equal(1, preview["eligible"]!.GetValue<int>());
        Assert.True(CampWorld.Row(preview, approved.Id)["eligible"]!.GetValue<bool>());
        Assert.Equal("confirmed", CampWorld.Row(preview, approved.Id).Str("status"));
        Assert.True(CampWorld.Row(preview, ready.Id)["canEnrol"]!.GetValue<bool>());
        Assert.False(CampWorld.Row(preview, third.Id)["canEnrol"]!.GetValue<bool>());

        var grade = Unmet(preview, third.Id, "child_grade_too_low");
        Assert.Equal((4, 3), (grade["required"]!.GetValue<int>(), grade["actual"]!.GetValue<int>()));
        Assert.Contains("4 年级", grade.Str("detail"));
        var series = Unmet(preview, lastYear.Id, "attended_series_last_year");
        Assert.Equal((0, 1), (series["required"]!.GetValue<int>(), series["actual"]!.GetValue<int>()));
        Assert.Contains("2026 年已参加过「夏令营」", series.Str("detail"));
        Assert.Contains("照片", Unmet(preview, noPhotos.Id, "guardian_consent_required").Str("detail"));
        Assert.Equal("pending", Unmet(preview, pending.Id, "parental_approval_pending").Str("actual"));
        Assert.Equal(1, preview["unmetByCode"]!["child_grade_too_low"]!.GetValue<int>());
    }

    [Fact]
    public async Task Enrolling_an_ineligible_child_is_refused_with_every_rule_and_the_read_is_audited()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);
        var child = await world.ChildAsync("测试童乙", grade: 3, photos: false);
        await world.AttendedAsync(child.Id, "夏令营", LastSummer);

        var refused = await (await world.EnrolAsync(child.Id)).ExpectAsync(422);
        Assert.Equal("child_grade_too_low", refused.Str("code"));
        Assert.Equal(["attended_series_last_year", "child_grade_too_low", "guardian_consent_required"],
            refused["unmet"]!.AsArray().Select(u => u!.Str("code")).Order().ToArray());
        Assert.Equal(1, world.Audits(child.Id, "EnrolChild"));
        var preview = await world.PreviewAsync();
        Assert.Null(CampWorld.Row(preview, child.Id)["status"]);
    }

    [Fact]
    public async Task Enrolment_asks_the_linked_parent_whose_answer_decides_and_who_cannot_be_overruled()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);
        var (childId, parent) = await world.ChildAsync("测试童甲");

        var enrolled = await (await world.EnrolAsync(childId)).ExpectAsync(201);
        Assert.Equal("pending-approval", enrolled.Str("status"));
        await (await world.EnrolAsync(childId, world.Organizer)).ExpectAsync(409);
        var inbox = await (await parent!.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        var request = inbox["items"]!.AsArray().Single(m => m!.Str("title") == "活动报名待您确认")!;
        Assert.Contains("测试童甲", request.Str("body"));
        Assert.Contains(world.CampId, request.Str("link"));

        var no = await (await world.DecideAsync(parent, childId, approved: false)).ExpectAsync(200);
        Assert.Equal("declined", no.Str("status"));
        var again = await (await world.EnrolAsync(childId)).ExpectAsync(422);
        Assert.Equal("parental_approval_declined", again.Str("code"));
        var teacherInbox = await (await world.Teacher.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Contains(teacherInbox["items"]!.AsArray(), m => m!.Str("title") == "家长未同意参加");

        // The parent may change their mind before the camp starts.
        Assert.Equal("confirmed", (await (await world.DecideAsync(parent, childId, approved: true)).ExpectAsync(200)).Str("status"));
        Assert.Equal(1, (await world.PreviewAsync())["admission"]!["taken"]!.GetValue<int>());
        Assert.Equal((2, 2), (world.Audits(childId, "EnrolChild"), world.Audits(childId, "DecideChildParticipation")));
    }

    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    [Theory, MemberData(nameof(Engines))]
    public async Task Child_places_are_never_oversold_and_a_declined_place_goes_back(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app, new { places = 3, requiresParentalApproval = true });
        var children = new List<(string Id, UserClient? Parent)>();
        for (var i = 0; i < 8; i++) children.Add(await world.ChildAsync($"测试童{i}"));

        var answers = await Task.WhenAll(children.Select(c => world.EnrolAsync(c.Id)));
        Assert.Equal(3, answers.Count(a => (int)a.StatusCode == 201));
        var refused = answers.Where(a => (int)a.StatusCode != 201).ToList();
        Assert.Equal(5, refused.Count);
        foreach (var r in refused) Assert.Equal("child_places_full", (await r.ExpectAsync(409)).Str("code"));

        var preview = await world.PreviewAsync();
        Assert.Equal(3, preview["admission"]!["taken"]!.GetValue<int>());
        var seated = children.Where(c => CampWorld.Row(preview, c.Id)["status"] is not null).ToList();
        var waiting = children.First(c => CampWorld.Row(preview, c.Id)["status"] is null);
        await (await world.DecideAsync(seated[0].Parent!, seated[0].Id, approved: false)).ExpectAsync(200);
        await (await world.EnrolAsync(waiting.Id)).ExpectAsync(201);
        // The declining parent changes their mind, but the place is gone.
        Assert.Equal("child_places_full", (await (await world.DecideAsync(seated[0].Parent!, seated[0].Id, approved: true)).ExpectAsync(409)).Str("code"));
    }

    [Fact]
    public async Task Nobody_outside_the_childs_organisation_or_family_sees_or_touches_a_participation()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);
        var (childId, parent) = await world.ChildAsync("测试童甲");
        var (otherId, otherParent) = await world.ChildAsync("测试童乙");
        var (childOfB, _) = await world.ChildAsync("测试童丙", orgId: world.OrgB, teacher: world.TeacherB);
        await (await world.EnrolAsync(childId)).ExpectAsync(201);
        var stranger = await app.LogInAsync("camp-stranger");

        // Staff of another organisation: the camp's children do not exist for them.
        await (await world.TeacherB.Http.GetAsync($"/api/activities/{world.CampId}/children/eligibility")).ExpectAsync(404);
        await (await world.EnrolAsync(childId, world.TeacherB)).ExpectAsync(404);
        await (await world.EnrolAsync(childOfB, world.TeacherB)).ExpectAsync(404);
        await (await world.TeacherB.Http.PostAsync($"/api/activities/{world.CampId}/children/{childId}/attendance", null)).ExpectAsync(404);
        await (await world.TeacherB.Http.PutJsonAsync($"/api/activities/{world.CampId}/children/rules", new { places = 1 })).ExpectAsync(404);
        // Staff of the camp's organisation cannot enrol another organisation's child.
        await (await world.EnrolAsync(childOfB)).ExpectAsync(404);
        // A parent answers for their own child only; staff do not answer for parents.
        await (await world.DecideAsync(otherParent!, childId, approved: true)).ExpectAsync(404);
        await (await world.DecideAsync(stranger, childId, approved: true)).ExpectAsync(404);
        await (await world.DecideAsync(world.Teacher, childId, approved: true)).ExpectAsync(404);
        // Their own child, but not enrolled in this camp.
        await (await world.DecideAsync(otherParent!, otherId, approved: true)).ExpectAsync(404);
        await (await stranger.Http.GetAsync($"/api/activities/{world.CampId}/children/eligibility")).ExpectAsync(404);
        await (await parent!.Http.GetAsync($"/api/activities/{world.CampId}/children/eligibility")).ExpectAsync(404);

        Assert.Equal("pending-approval", CampWorld.Row(await world.PreviewAsync(), childId).Str("status"));
        Assert.Equal(0, world.Audits(childId, "DecideChildParticipation"));
    }

    [Fact]
    public async Task The_preview_writes_one_audit_row_per_child_shown()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);
        var first = await world.ChildAsync("测试童甲", linkParent: false);
        var second = await world.ChildAsync("测试童乙", linkParent: false);

        var page = await (await world.Organizer.Http.GetAsync($"/api/activities/{world.CampId}/children/eligibility?pageSize=1")).ExpectAsync(200);
        Assert.Equal(2, page["total"]!.GetValue<int>());
        var shown = Assert.Single(page["items"]!.AsArray())!.Str("childId");
        var hidden = shown == first.Id ? second.Id : first.Id;
        Assert.Equal(1, world.Audits(shown, "PreviewChildEligibility"));
        Assert.Equal(0, world.Audits(hidden, "PreviewChildEligibility"));
        await world.PreviewAsync();
        Assert.Equal(2, world.Audits(shown, "PreviewChildEligibility"));
        Assert.Equal(1, world.Audits(hidden, "PreviewChildEligibility"));
    }

    [Fact]
    public async Task Attendance_recorded_this_year_keeps_the_child_out_of_next_years_camp()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        // This year's camp: starts in ten days, no approval needed.
        var world = await CampWorld.CreateAsync(app, new { firstTimersOfSeriesOnly = false });
        var (childId, _) = await world.ChildAsync("测试童甲");
        var start = app.Clock.GetUtcNow().AddDays(10);
        var thisYear = await (await world.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = world.OrgA, title = "秋季夏令营", description = "", location = "测试希望小学", series = "夏令营",
            startsAt = start, endsAt = start.AddDays(2), signUpClosesAt = start.AddDays(-1), capacity = 5,
        })).ExpectAsync(201);
        Assert.Equal("夏令营", thisYear.Str("series"));
        var id = thisYear.Str("id");
        await (await world.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        await (await world.Organizer.Http.PutJsonAsync($"/api/activities/{id}/children/rules", new { places = 2 })).ExpectAsync(200);
        Assert.Equal("confirmed", (await (await world.EnrolAsync(childId, campId: id)).ExpectAsync(201)).Str("status"));
        await (await world.Teacher.Http.PostAsync($"/api/activities/{id}/children/{childId}/attendance", null)).ExpectAsync(422);

        app.Clock.Advance(TimeSpan.FromDays(10.5));
        var teacher = await app.LogInAsync(world.Teacher.Name);
        var attended = await (await teacher.Http.PostAsync($"/api/activities/{id}/children/{childId}/attendance", null)).ExpectAsync(200);
        Assert.NotNull(attended["attendedAt"]);

        var organizer = await app.LogInAsync(world.Organizer.Name);
        await (await organizer.Http.PutJsonAsync($"/api/activities/{world.CampId}/children/rules", new { firstTimersOfSeriesOnly = true })).ExpectAsync(200);
        var row = CampWorld.Row(await world.PreviewAsync(teacher), childId);
        Assert.Equal(["attended_series_last_year"], CampWorld.Codes(row));
    }

    private static JsonNode Unmet(JsonNode preview, string childId, string code) =>
        CampWorld.Row(preview, childId)["unmet"]!.AsArray().Single(u => u!.Str("code") == code)!;
}
