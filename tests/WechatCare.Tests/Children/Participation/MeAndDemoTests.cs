using WechatCare.Api.Demo;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children.Participation;

public sealed class MeAndDemoTests
{
    [Fact]
    public async Task A_parent_finds_their_linked_children_in_me_and_each_listing_is_audited()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app);
        var (childId, parent) = await world.ChildAsync("测试童甲", grade: 5);
        var (_, otherParent) = await world.ChildAsync("测试童乙");

        var me = await (await parent!.Http.GetAsync("/api/me")).ExpectAsync(200);
        var child = Assert.Single(me["children"]!.AsArray())!;
        Assert.Equal((childId, "测试童甲"), (child.Str("id"), child.Str("name")));
        Assert.Equal(["id", "name"], child.AsObject().Select(p => p.Key).ToArray());   // ids and names only (CONTRACT.md)
        Assert.Equal(1, world.Audits(childId, "GetMe"));
        await (await otherParent!.Http.GetAsync("/api/me")).ExpectAsync(200);
        Assert.Equal(1, world.Audits(childId, "GetMe"));

        var teacherMe = await (await world.Teacher.Http.GetAsync("/api/me")).ExpectAsync(200);
        Assert.Empty(teacherMe["children"]!.AsArray());
        Assert.NotEmpty(teacherMe["organizations"]!.AsArray());
    }

    [Fact]
    public async Task The_demo_summer_camp_explains_each_demo_child_and_waits_for_the_demo_parent()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        await DemoData.SeedAsync(app.Services);
        var teacher = await app.LogInAsync("demo-teacher");
        var camp = (await (await teacher.Http.GetAsync("/api/activities?status=published&pageSize=100")).ExpectAsync(200))["items"]!.AsArray()
            .Single(a => a!["series"]?.ToString() == ChildParticipationDemo.Series)!;

        var preview = await (await teacher.Http.GetAsync($"/api/activities/{camp.Str("id")}/children/eligibility")).ExpectAsync(200);
        var codes = preview["items"]!.AsArray().ToDictionary(i => i!.Str("name"), i => CampWorld.Codes(i!));
        Assert.Equal(["parental_approval_pending"], codes["示例童·小星"]);
        Assert.Equal(["parental_approval_required"], codes["示例童·小禾"]);
        Assert.Equal(["child_grade_too_low", "linked_parent_required", "parental_approval_required"], codes["示例童·小溪"]);
        Assert.Equal(["attended_series_last_year", "linked_parent_required", "parental_approval_required"], codes["示例童·小山"]);

        var parent = await app.LogInAsync("demo-parent-1");
        var me = await (await parent.Http.GetAsync("/api/me")).ExpectAsync(200);
        var xiaoxing = Assert.Single(me["children"]!.AsArray())!.Str("id");
        var decided = await (await parent.Http.PostJsonAsync($"/api/activities/{camp.Str("id")}/children/{xiaoxing}/approval", new { approved = true })).ExpectAsync(200);
        Assert.Equal("confirmed", decided.Str("status"));
    }
}
