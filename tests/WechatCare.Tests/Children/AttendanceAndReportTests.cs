using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Bot.Children;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>Attendance batches and what parents are told: absences at once, daily care-home summaries, weekly cards.</summary>
public sealed class AttendanceAndReportTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync(Engine engine = Engine.Sqlite)
    {
        // The bot's loop is off: the tests run the jobs themselves, with the fake clock.
        var app = new CareApp { Engine = engine, Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    private static object Batch(ChildrenWorld w, string date, string place, params (string ChildId, string Status, string? In, string? Out)[] entries) => new
    {
        organizationId = w.OrgA, date, place,
        entries = entries.Select(e => new { childId = e.ChildId, status = e.Status, checkInAt = e.In, checkOutAt = e.Out }).ToArray(),
    };

    private static List<(Guid Recipient, string Purpose, string Body, DateTime DueAtUtc)> Outbox(CareApp app, string? purpose = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        return db.Outbox.AsNoTracking().Where(m => purpose == null || m.Purpose == purpose).OrderBy(m => m.CreatedAtUtc)
            .Select(m => new { m.RecipientUserId, m.Purpose, m.Body, m.DueAtUtc }).AsEnumerable()
            .Select(m => (m.RecipientUserId, m.Purpose, m.Body, m.DueAtUtc)).ToList();
    }

    /// <summary>What the dispatcher does once WeChat took every waiting message.</summary>
    private static async Task DeliverAllAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        foreach (var m in await db.Outbox.Where(m => m.Status == OutboxStatus.Pending).ToListAsync()) m.MarkDelivered("subscribe", app.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    private static async Task RunReportsAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        await new ChildReportsJob().RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    [Fact]
    public async Task Replaying_an_attendance_batch_changes_nothing_and_sends_nothing_more()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var batch = Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null), (w.OtherChildId, "present", "2026-09-01T07:50:00+08:00", null));

        var first = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", batch)).ExpectAsync(200);
        Assert.Equal(2, first["created"]!.GetValue<int>());
        var messages = Outbox(app).Count;
        var replay = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", batch)).ExpectAsync(200);

        Assert.Equal(0, replay["created"]!.GetValue<int>());
        Assert.Equal(0, replay["corrected"]!.GetValue<int>());
        Assert.Equal(2, replay["unchanged"]!.GetValue<int>());
        Assert.Equal(messages, Outbox(app).Count);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        Assert.Equal(2, await db.AttendanceRecords.CountAsync());
        Assert.Equal(0, await db.AttendanceCorrections.CountAsync());
    }

    [Fact]
    public async Task A_correction_keeps_what_was_said_before_with_who_and_when()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var corrected = await (await w.OrganizerA.Http.PostJsonAsync("/api/attendance",
            Batch(w, "2026-09-01", "school", (w.ChildId, "late", "2026-09-01T09:40:00+08:00", null)))).ExpectAsync(200);
        Assert.Equal(1, corrected["corrected"]!.GetValue<int>());

        var days = (await (await w.Parent.Http.GetAsync($"/api/children/{w.ChildId}/attendance?from=2026-09-01&to=2026-09-01")).ExpectAsync(200))["items"]!;
        Assert.Equal("late", days[0]!.Str("status"));
        Assert.Equal(1, days[0]!["corrections"]!.GetValue<int>());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var correction = await db.AttendanceCorrections.SingleAsync();
        Assert.Equal(AttendanceStatus.Absent, correction.PreviousStatus);
        Assert.Equal(w.TeacherWithGrant.UserId, correction.PreviousRecordedBy);
        Assert.Equal(w.OrganizerA.UserId, correction.CorrectedBy);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, correction.CorrectedAtUtc);

        // The trail of corrections is never rewritten by the application.
        db.Entry(correction).Property(c => c.PreviousStatus).CurrentValue = AttendanceStatus.Present;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AttendanceCorrections.Remove(await db.AttendanceCorrections.SingleAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task An_unexplained_absence_sends_one_message_to_each_linked_parent_at_once()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var secondParent = await app.LogInAsync("second-parent-of-xingxing");
        await ChildrenWorld.LinkAsync(w.TeacherWithGrant, secondParent, w.ChildId);

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school",
            (w.ChildId, "absent", null, null), (w.OtherChildId, "leave", null, null)))).ExpectAsync(200);

        var absences = Outbox(app, "child_absent");
        Assert.Equal(2, absences.Count);
        Assert.Equal(new[] { w.Parent.UserId, secondParent.UserId }.Order(), absences.Select(m => m.Recipient).Order());
        Assert.All(absences, m => Assert.Contains(ChildrenWorld.ChildName, m.Body));
        Assert.All(absences, m => Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, m.DueAtUtc));
        // A leave is explained: the other child's parent hears nothing.
        Assert.DoesNotContain(absences, m => m.Recipient == w.OtherParent.UserId);
        var inbox = await (await w.Parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal("缺勤提醒", inbox["items"]![0]!.Str("title"));
    }

    [Fact]
    public async Task An_absence_recorded_in_quiet_hours_waits_until_they_end()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = "friday", weeklyCardHour = 21, quietFromHour = 8, quietToHour = 12 })).ExpectAsync(200);

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);

        var message = Assert.Single(Outbox(app, "child_absent"));
        Assert.Equal(new DateTime(2026, 9, 1, 4, 0, 0, DateTimeKind.Utc), message.DueAtUtc);   // 12:00 in Shanghai
    }

    [Fact]
    public async Task The_weekly_card_arrives_at_the_parents_hour_with_the_weeks_counts_and_the_teachers_note()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = "saturday", weeklyCardHour = 6, quietFromHour = 23, quietToHour = 5 })).ExpectAsync(200);
        // Tuesday 1 to Friday 4 September 2026, entered on Friday evening (a day to come cannot be recorded).
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 4, 19, 30, 0, TimeSpan.FromHours(8)));
        var teacher = await app.LogInAsync(w.TeacherWithGrant.Name);
        string[] statuses = ["present", "late", "absent", "present"];
        for (var day = 0; day < statuses.Length; day++)
            await (await teacher.Http.PostJsonAsync("/api/attendance", Batch(w, $"2026-09-0{day + 1}", "school", (w.ChildId, statuses[day], null, null)))).ExpectAsync(200);
        await (await teacher.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-04", "care-home", (w.ChildId, "present", "2026-09-04T16:30:00+08:00", "2026-09-04T19:00:00+08:00")))).ExpectAsync(200);
        await (await teacher.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-08-31", new { note = "这周主动帮同学打扫教室" })).ExpectAsync(200);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 5, 5, 59, 0, TimeSpan.FromHours(8)));
        await RunReportsAsync(app);
        Assert.Empty(Outbox(app, "child_weekly_card"));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 5, 6, 0, 0, TimeSpan.FromHours(8)));
        await RunReportsAsync(app);
        await RunReportsAsync(app);   // idempotent

        var card = Assert.Single(Outbox(app, "child_weekly_card"));
        Assert.Equal(w.Parent.UserId, card.Recipient);
        Assert.Equal($"{ChildrenWorld.ChildName}本周（8月29日—9月4日）：出勤 2 天，迟到 1 天，缺勤 1 天，请假 0 天。老师的话：这周主动帮同学打扫教室", card.Body);
        // The other parent keeps the default (Saturday 20:00): not yet.
        Assert.DoesNotContain(Outbox(app, "child_weekly_card"), m => m.Recipient == w.OtherParent.UserId);
    }

    [Fact]
    public async Task The_daily_care_home_summary_goes_out_once_in_the_evening()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "care-home",
            (w.ChildId, "present", "2026-09-01T16:30:00+08:00", "2026-09-01T19:05:00+08:00")))).ExpectAsync(200);

        await RunReportsAsync(app);   // 09:00: too early
        Assert.Empty(Outbox(app, "child_daily_summary"));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 1, 20, 0, 0, TimeSpan.FromHours(8)));
        await RunReportsAsync(app);
        await RunReportsAsync(app);

        var summary = Assert.Single(Outbox(app, "child_daily_summary"));
        Assert.Equal(w.Parent.UserId, summary.Recipient);
        Assert.Contains("到达 16:30，离开 19:05", summary.Body);
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_wrong_absence_still_waiting_for_quiet_hours_is_withdrawn_when_the_teacher_corrects_it(Engine engine)
    {
        var (app, w) = await StartAsync(engine);
        await using var _ = app;
        await (await w.Parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = "friday", weeklyCardHour = 21, quietFromHour = 8, quietToHour = 12 })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);
        Assert.Single(Outbox(app, "child_absent"));

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "present", null, null)))).ExpectAsync(200);

        Assert.Empty(Outbox(app));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 1, 13, 0, 0, TimeSpan.FromHours(8)));
        var inbox = await (await w.Parent.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal(0, inbox["total"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task A_wrong_absence_already_delivered_is_followed_by_one_correction_in_the_parents_waking_hours(Engine engine)
    {
        var (app, w) = await StartAsync(engine);
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);
        await DeliverAllAsync(app);
        await (await w.Parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = "friday", weeklyCardHour = 21, quietFromHour = 8, quietToHour = 12 })).ExpectAsync(200);

        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "late", "2026-09-01T09:40:00+08:00", null)))).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "present", null, null)))).ExpectAsync(200);

        var correction = Assert.Single(Outbox(app, "child_absence_corrected"));
        Assert.Equal(w.Parent.UserId, correction.Recipient);
        Assert.Equal($"更正：{ChildrenWorld.ChildName}9月1日已到学校（迟到），之前的缺勤提醒有误，请放心。", correction.Body);
        Assert.Equal(new DateTime(2026, 9, 1, 4, 0, 0, DateTimeKind.Utc), correction.DueAtUtc);   // 12:00 in Shanghai
        Assert.Single(Outbox(app, "child_absent"));
    }

    [Fact]
    public async Task Marking_a_child_absent_again_after_a_correction_sends_no_second_alarm()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);
        await DeliverAllAsync(app);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "present", null, null)))).ExpectAsync(200);

        var again = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);

        Assert.Equal(0, again["parentsNotified"]!.GetValue<int>());
        Assert.Single(Outbox(app, "child_absent"));
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task An_absence_whose_alarm_was_withdrawn_unsent_alarms_again_when_it_is_recorded_again(Engine engine)
    {
        var (app, w) = await StartAsync(engine);
        await using var _ = app;
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "present", null, null)))).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/attendance", Batch(w, "2026-09-01", "school", (w.ChildId, "absent", null, null)))).ExpectAsync(200);

        Assert.Single(Outbox(app, "child_absent"));
        Assert.Empty(Outbox(app, "child_absence_corrected"));
    }

    [Fact]
    public async Task Changing_the_card_day_sends_no_extra_card_for_a_week_already_reported()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 5, 20, 0, 0, TimeSpan.FromHours(8)));   // Saturday, the default slot
        await RunReportsAsync(app);
        Assert.Single(Outbox(app, "child_weekly_card"), m => m.Recipient == w.Parent.UserId);

        // Sunday: Friday (the week just reported) and Monday (the same week, seen from Monday) send nothing now.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 6, 10, 0, 0, TimeSpan.FromHours(8)));
        await SetCardDayAsync("friday");
        await RunReportsAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 7, 10, 0, 0, TimeSpan.FromHours(8)));
        await SetCardDayAsync("monday");
        await RunReportsAsync(app);
        Assert.Single(Outbox(app, "child_weekly_card"), m => m.Recipient == w.Parent.UserId);

        // The next Monday's card covers the next week.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 14, 8, 0, 0, TimeSpan.FromHours(8)));
        await RunReportsAsync(app);
        var last = Outbox(app, "child_weekly_card").Last(m => m.Recipient == w.Parent.UserId);
        Assert.Contains("本周（9月7日—9月13日）", last.Body);

        async Task SetCardDayAsync(string day)
        {
            var parent = await app.LogInAsync("parent-of-xingxing");   // a fresh session: the clock has moved past the first one
            Assert.Equal(w.Parent.UserId, parent.UserId);
            await (await parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = day, weeklyCardHour = 8, quietFromHour = 22, quietToHour = 7 })).ExpectAsync(200);
        }
    }

    [Fact]
    public async Task A_tuesday_card_shows_the_teachers_note_of_the_week_it_covers()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        await (await w.Parent.Http.PutJsonAsync("/api/me/report-preferences", new { weeklyCardDay = "tuesday", weeklyCardHour = 8, quietFromHour = 22, quietToHour = 7 })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-08-31", new { note = "这周主动帮同学打扫教室" })).ExpectAsync(200);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 8, 8, 0, 0, TimeSpan.FromHours(8)));
        await RunReportsAsync(app);

        var card = Assert.Single(Outbox(app, "child_weekly_card"), m => m.Recipient == w.Parent.UserId);
        Assert.Contains("本周（9月1日—9月7日）", card.Body);
        Assert.EndsWith("老师的话：这周主动帮同学打扫教室", card.Body);
    }

    [Fact]
    public async Task A_weekly_note_written_under_any_day_of_the_week_is_that_weeks_one_note()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var first = await (await w.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-09-02", new { note = "第一稿" })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PutJsonAsync($"/api/children/{w.ChildId}/weekly-notes/2026-08-31", new { note = "定稿" })).ExpectAsync(200);

        Assert.Equal("2026-08-31", first.Str("weekOf"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var note = await db.WeeklyNotes.SingleAsync();
        Assert.Equal(("定稿", new DateOnly(2026, 8, 31)), (note.Note, note.WeekOf));
    }
}
