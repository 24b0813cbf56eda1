using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children.Participation;

/// <summary>A newer privacy policy stops staff processing a child in activities too, until the guardian renews consent.</summary>
public sealed class ChildActivityConsentTests
{
    [Fact]
    public async Task Staff_cannot_record_a_childs_activity_attendance_under_an_outdated_consent_until_it_is_renewed()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var world = await CampWorld.CreateAsync(app, new { firstTimersOfSeriesOnly = false });
        var (childId, parent) = await world.ChildAsync("测试童乙");
        var start = app.Clock.GetUtcNow().AddDays(10);
        var activity = await (await world.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = world.OrgA, title = "秋季夏令营", description = "", location = "测试希望小学", series = "夏令营",
            startsAt = start, endsAt = start.AddDays(2), signUpClosesAt = start.AddDays(-1), capacity = 5,
        })).ExpectAsync(201);
        var id = activity.Str("id");
        await (await world.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        await (await world.Organizer.Http.PutJsonAsync($"/api/activities/{id}/children/rules", new { places = 2 })).ExpectAsync(200);
        await (await world.EnrolAsync(childId, campId: id)).ExpectAsync(201);
        // The guardian consented under a policy that has since been replaced.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CareDb>().Children.Where(c => c.Id == Guid.Parse(childId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsentPolicyVersion, "2025-01"));
        app.Clock.Advance(TimeSpan.FromDays(10.5));
        var teacher = await app.LogInAsync(world.Teacher.Name);

        var refused = await (await teacher.Http.PostAsync($"/api/activities/{id}/children/{childId}/attendance", null)).ExpectAsync(422);

        Assert.Equal("guardian_consent_outdated", refused.Str("code"));
        using (var scope = app.Services.CreateScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CareDb>().ChildParticipants.AsNoTracking()
                .Where(p => p.ChildId == Guid.Parse(childId)).Select(p => p.AttendedAtUtc).SingleAsync());
        parent = await app.LogInAsync(parent!.Name);
        await (await parent.Http.PostJsonAsync($"/api/children/{childId}/consents",
            new { by = "测试外婆", relation = "外祖母", at = app.Clock.GetUtcNow(), method = "in-app" })).ExpectAsync(200);
        await (await teacher.Http.PostAsync($"/api/activities/{id}/children/{childId}/attendance", null)).ExpectAsync(200);
    }
}
