using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>绑定 N, 考勤 [孩子名] and 今日考勤 班级: the Children use cases, their scoping and their read audit, through the bot.</summary>
public sealed class ChildCommandTests
{
    private const string ClassName = "四年级二班";

    private static object Attendance(ChildrenWorld w, string date, params (string ChildId, string Status)[] entries) => new
    {
        organizationId = w.OrgA, date, place = "school",
        entries = entries.Select(e => new { childId = e.ChildId, status = e.Status }).ToArray(),
    };

    private static async Task<List<ChildReadAudit>> AuditsAsync(CareApp app, string childId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = Guid.Parse(childId);
        return await scope.ServiceProvider.GetRequiredService<CareDb>().ChildReadAudits.AsNoTracking()
            .Where(a => a.ChildId == id).OrderBy(a => a.ReadAtUtc).ThenBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_parent_reads_this_weeks_attendance_of_their_child_audited_as_the_API_does()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        // 2026-09-01 is a Tuesday; Monday's record belongs to the week too, last Friday's does not.
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-08-28", (w.ChildId, "absent")))).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-08-31", (w.ChildId, "present")))).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-09-01", (w.ChildId, "late"), (w.OtherChildId, "absent")))).ExpectAsync(200);
        var openId = await chat.LinkedAsync(w.Parent);

        var answer = await chat.SayAsync(openId, "出勤");

        Assert.Contains($"{ChildrenWorld.ChildName}本周（8月31日起）：到校 2 天", answer);
        Assert.Contains("8月31日 周一 学校 到", answer);
        Assert.Contains("9月1日 周二 学校 迟到", answer);
        Assert.DoesNotContain("8月28日", answer);
        Assert.DoesNotContain(ChildrenWorld.OtherChildName, answer);
        Assert.Equal(answer, await chat.SayAsync(openId, "考勤 星星"));

        await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}/attendance")).ExpectAsync(200);
        var audits = await AuditsAsync(app, w.ChildId);
        var (bot, api) = (audits[^2], audits[^1]);
        Assert.Equal((api.ReaderUserId, api.Relation, api.Fields, api.Purpose), (bot.ReaderUserId, bot.Relation, bot.Fields, bot.Purpose));
        Assert.Equal((w.Parent.UserId, "parent", "GetChildAttendance"), (bot.ReaderUserId, bot.Relation, bot.Purpose));
        await chat.AssertAuditedAsync(w.Parent, "child-attendance", "ok");
    }

    [Fact]
    public async Task Another_parents_child_gets_the_same_answer_as_a_child_that_does_not_exist_and_is_not_read()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-09-01", (w.OtherChildId, "absent")))).ExpectAsync(200);
        var openId = await chat.LinkedAsync(w.Parent);
        var auditsBefore = (await AuditsAsync(app, w.OtherChildId)).Count;

        var otherChild = await chat.SayAsync(openId, "考勤 " + ChildrenWorld.OtherChildName);
        var nobody = await chat.SayAsync(openId, "考勤 测试童不存在");

        Assert.Equal(nobody, otherChild);
        Assert.Contains("未找到该儿童档案", otherChild);
        Assert.Equal(auditsBefore, (await AuditsAsync(app, w.OtherChildId)).Count);
        // The mentor of the child is not a parent: the command is not theirs at all.
        Assert.Contains("不对你的身份开放", await chat.SayAsync(await chat.LinkedAsync(w.Mentor), "考勤"));
    }

    [Fact]
    public async Task A_parent_links_to_a_child_with_the_teachers_code_and_both_bind_commands_work()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        var newParent = await app.LogInAsync("parent-new");
        var openId = await chat.LinkedAsync(newParent);   // "绑定公众号 123456"
        Assert.Contains("不对你的身份开放", await chat.SayAsync(openId, "考勤"));

        Assert.Contains("绑定码无效或已过期", await chat.SayAsync(openId, "绑定 000000"));
        var invite = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.OtherChildId}/guardian-invites", null)).ExpectAsync(201);
        var fullWidth = string.Concat(invite.Str("code").Select(c => (char)(c + 0xFEE0)));
        Assert.Equal($"已关联孩子{ChildrenWorld.OtherChildName}。回复“考勤”查看本周到校情况。", await chat.SayAsync(openId, "绑定 " + fullWidth));

        var children = await (await newParent.Http.GetAsync("/api/me/children")).ExpectAsync(200);
        Assert.Equal(w.OtherChildId, children.AsArray().Single()!.Str("childId"));
        Assert.Contains(ChildrenWorld.OtherChildName + "本周", await chat.SayAsync(openId, "考勤"));
        await chat.AssertAuditedAsync(newParent, "link-child", "refused");
        await chat.AssertAuditedAsync(newParent, "link-child", "ok");
    }

    [Fact]
    public async Task A_teacher_sees_who_in_the_class_has_no_attendance_today_only_in_their_own_organisation()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);
        var w = await ChildrenWorld.CreateAsync(app);
        var teacher = await chat.LinkedAsync(w.TeacherWithGrant);

        var before = await chat.SayAsync(teacher, "今日考勤 " + ClassName);
        Assert.Contains("还有 2/2 人没有登记", before);
        Assert.Contains(ChildrenWorld.ChildName, before);
        Assert.Contains(ChildrenWorld.OtherChildName, before);

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-09-01", (w.ChildId, "present")))).ExpectAsync(200);
        var after = await chat.SayAsync(teacher, "今日考勤" + ClassName);
        Assert.Contains("还有 1/2 人没有登记", after);
        Assert.DoesNotContain(ChildrenWorld.ChildName, after);
        Assert.Contains((await AuditsAsync(app, w.OtherChildId)), a => a.Purpose == "ListUnrecordedChildren" && a.ReaderUserId == w.TeacherWithGrant.UserId);

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Attendance(w, "2026-09-01", (w.OtherChildId, "leave")))).ExpectAsync(200);
        Assert.Contains("2 人都已登记", await chat.SayAsync(teacher, "今日考勤 " + ClassName));

        // A teacher of another organisation: the class is as unknown as one that does not exist; nothing is read.
        var outsider = await chat.LinkedAsync(w.TeacherB);
        var audits = (await AuditsAsync(app, w.ChildId)).Count;
        Assert.Equal(await chat.SayAsync(outsider, "今日考勤 五年级一班"), await chat.SayAsync(outsider, "今日考勤 " + ClassName));
        Assert.Contains("未找到该班级", await chat.SayAsync(outsider, "今日考勤 " + ClassName));
        Assert.Equal(audits, (await AuditsAsync(app, w.ChildId)).Count);
        Assert.Contains("不对你的身份开放", await chat.SayAsync(await chat.LinkedAsync(w.Parent), "今日考勤 " + ClassName));
        await chat.AssertAuditedAsync(w.TeacherWithGrant, "todays-attendance", "ok");
        await chat.AssertAuditedAsync(w.TeacherB, "todays-attendance", "refused");
    }
}
