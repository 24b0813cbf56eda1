using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WechatCare.Tests.Infrastructure;
using WechatCare.Wechat.Fake;

namespace WechatCare.Tests.Children;

/// <summary>Who sees what: every relation × every child-record endpoint, as one table.</summary>
public sealed class ChildAccessTests
{
    // What a caller sees of GET /api/children/{id}: nothing (404), the mentor's three fields, the archive without
    // health notes, or the archive with health notes.
    public enum Sight { None, MentorFields, Archive, ArchiveWithHealth }

    /// <summary>
    /// One relation's expected status per endpoint. <c>Staff</c> is the staff-only writes on the child (edit, weekly note):
    /// 404 like any invisible child. Recording attendance names the organisation, not a child: outsiders get 403 there.
    /// </summary>
    private sealed record Row(string Relation, Func<ChildrenWorld, UserClient> Caller, Sight Child, int Attendance, int Reads, int Invite, int Export,
        int Staff, int RecordAttendance);

    private static readonly Row[] Matrix =
    [
        new("staff of the org with health grant", w => w.TeacherWithGrant, Sight.ArchiveWithHealth, 200, 200, 201, 404, 200, 200),
        new("staff of the org without health grant", w => w.OrganizerA, Sight.Archive, 200, 200, 201, 404, 200, 200),
        new("staff of another org", w => w.TeacherB, Sight.None, 404, 404, 404, 404, 404, 403),
        new("parent of this child", w => w.Parent, Sight.ArchiveWithHealth, 200, 200, 404, 200, 404, 403),
        new("parent of another child", w => w.OtherParent, Sight.None, 404, 404, 404, 404, 404, 403),
        new("mentor paired with this child", w => w.Mentor, Sight.MentorFields, 404, 404, 404, 404, 404, 403),
        new("mentor paired with another child", w => w.OtherMentor, Sight.None, 404, 404, 404, 404, 404, 403),
        new("logged-in stranger", w => w.Stranger, Sight.None, 404, 404, 404, 404, 404, 403),
        new("admin of the org (its creator)", w => w.Admin, Sight.Archive, 200, 200, 201, 404, 200, 200),
        new("platform admin without membership", w => w.OutsideAdmin, Sight.None, 404, 404, 404, 404, 404, 403),
    ];

    [Fact]
    public async Task Every_relation_sees_exactly_what_the_access_matrix_says()
    {
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["Care:AdminOpenIds:1"] = FakeWechatServer.SandboxOpenId("outside-admin") } };
        await app.InitializeAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        Assert.True((await (await world.OutsideAdmin.Http.GetAsync("/api/me")).ExpectAsync(200))["isPlatformAdmin"]!.GetValue<bool>());
        var failures = new List<string>();
        var cells = 0;

        foreach (var row in Matrix)
        {
            var http = row.Caller(world).Http;
            var id = world.ChildId;
            async Task Cell(string endpoint, Func<Task<HttpResponseMessage>> call, int expected, Action<JsonNode>? check = null)
            {
                cells++;
                var response = await call();
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != expected) failures.Add($"{row.Relation} · {endpoint}: expected {expected}, got {(int)response.StatusCode} {text}");
                else if (check is not null && expected == 200)
                {
                    try { check(JsonNode.Parse(text)!); }
                    catch (Exception e) { failures.Add($"{row.Relation} · {endpoint}: {e.Message}"); }
                }
            }

            await Cell("GET child", () => http.GetAsync($"/api/children/{id}"), row.Child == Sight.None ? 404 : 200, child => AssertSight(row.Child, child));
            await Cell("GET attendance", () => http.GetAsync($"/api/children/{id}/attendance"), row.Attendance);
            await Cell("GET reads", () => http.GetAsync($"/api/children/{id}/reads"), row.Reads);
            await Cell("POST guardian-invites", () => http.PostAsync($"/api/children/{id}/guardian-invites", null), row.Invite);
            await Cell("GET export", () => http.GetAsync($"/api/children/{id}/export"), row.Export);
            await Cell("PATCH child", () => http.PatchAsJsonAsync($"/api/children/{id}", new { hobbies = "跑步" }), row.Staff);
            await Cell("PUT weekly note", () => http.PutAsJsonAsync($"/api/children/{id}/weekly-notes/2026-08-31", new { note = "本周表现很好" }), row.Staff);
            await Cell("POST attendance", () => http.PostAsJsonAsync("/api/attendance", new
            {
                organizationId = world.OrgA, date = "2026-09-01", place = "school", entries = new[] { new { childId = id, status = "present" } },
            }), row.RecordAttendance);
            // An id that exists nowhere looks exactly like an invisible one.
            await Cell("GET unknown child", () => http.GetAsync($"/api/children/{Guid.NewGuid()}"), 404);
        }

        Assert.Equal(Matrix.Length * 9, cells);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void AssertSight(Sight sight, JsonNode child)
    {
        var fields = child.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Equal(ChildrenWorld.ChildName, child.Str("name"));
        switch (sight)
        {
            case Sight.MentorFields:
                Assert.Equal(["grade", "hobbies", "id", "name", "organizationId", "relation"], fields.Order());
                break;
            case Sight.Archive:
                Assert.DoesNotContain("healthNotes", fields);
                Assert.Equal(ChildrenWorld.GuardianPhone, child["guardian"]!.Str("phone"));
                Assert.Equal(ChildrenWorld.ParentWorkCity, child["parents"]![0]!.Str("workCity"));
                break;
            case Sight.ArchiveWithHealth:
                Assert.Equal(ChildrenWorld.HealthNotes, child.Str("healthNotes"));
                Assert.Equal(ChildrenWorld.GuardianAddress, child["guardian"]!.Str("address"));
                break;
        }
    }

    [Fact]
    public async Task Child_ids_are_random_not_time_ordered()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await ChildrenWorld.CreateAsync(app);
        Assert.Equal(4, Guid.Parse(world.ChildId).Version);
        Assert.Equal(4, Guid.Parse(world.OtherChildId).Version);
    }
}
