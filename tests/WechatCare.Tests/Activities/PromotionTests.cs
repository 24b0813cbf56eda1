using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>A freed seat goes to the first waitlisted volunteer who is still eligible, as an offer with a claim window.</summary>
public sealed class PromotionTests
{
    private static async Task<int> ExpireOffersAsync(CareApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpireOffersCommand());
    }

    private static async Task<string[]> PurposesAsync(CareApp app, UserClient user)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        return await db.Outbox.Where(m => m.RecipientUserId == user.UserId).OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).Select(m => m.Purpose).ToArrayAsync();
    }

    private static string StatusOf(System.Text.Json.Nodes.JsonNode list, UserClient user) =>
        list["items"]!.AsArray().Single(i => i!.Str("userId") == user.UserId.ToString())!.Str("status");

    [Fact]
    public async Task Cancelling_offers_the_seat_to_the_first_eligible_waitlisted_volunteer_skipping_an_ineligible_one()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 1, startsIn: TimeSpan.FromDays(3));
        var id = activity.Str("id");
        var seated = await d.VolunteerAsync("seated");
        var first = await d.VolunteerAsync("first-in-line");
        var second = await d.VolunteerAsync("second-in-line");
        await ActivityDriver.SignUpAsync(seated, id);
        Assert.Equal(1, (await ActivityDriver.SignUpAsync(first, id))["position"]!.GetValue<int>());
        Assert.Equal(2, (await ActivityDriver.SignUpAsync(second, id))["position"]!.GetValue<int>());
        // The first in line turns out to be 16 with no guardian consent on file: no longer eligible.
        await (await first.Http.PutJsonAsync("/api/me/volunteer", new { realName = "排第一", phone = "13900000001", kind = "student", skills = Array.Empty<string>(), birthDate = "2010-05-01" })).ExpectAsync(200);

        await (await seated.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);

        var list = await d.SignUpsAsync(id);
        Assert.Equal("waitlisted", StatusOf(list, first));
        Assert.Equal("offered", StatusOf(list, second));
        Assert.Contains(ActivityMessages.Offered, await PurposesAsync(app, second));
        Assert.DoesNotContain(ActivityMessages.Offered, await PurposesAsync(app, first));
        Assert.Contains(ActivityMessages.SignUpCancelled, await PurposesAsync(app, seated));

        await (await second.Http.PostAsync($"/api/activities/{id}/signups/me/claim", null)).ExpectAsync(200);
        Assert.Equal("confirmed", StatusOf(await d.SignUpsAsync(id), second));
        Assert.Equal(
            [ActivityMessages.Waitlisted, ActivityMessages.Offered, ActivityMessages.Promoted],
            await PurposesAsync(app, second));
    }

    [Fact]
    public async Task An_unclaimed_offer_passes_to_the_next_after_the_window_and_none_is_made_once_the_activity_starts()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 1, startsIn: TimeSpan.FromHours(20));
        var id = activity.Str("id");
        var seated = await d.VolunteerAsync("seated");
        var slow = await d.VolunteerAsync("slow");
        var next = await d.VolunteerAsync("next");
        var last = await d.VolunteerAsync("last");
        foreach (var v in new[] { seated, slow, next, last }) await ActivityDriver.SignUpAsync(v, id);

        await (await seated.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        var offer = StatusOf(await d.SignUpsAsync(id), slow);
        Assert.Equal("offered", offer);

        app.Clock.Advance(TimeSpan.FromHours(11));
        await ExpireOffersAsync(app);   // still inside the 12 h window: nothing lapses
        Assert.Equal("offered", StatusOf(await d.SignUpsAsync(id), slow));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await ExpireOffersAsync(app);   // (the bot's own job may have done it already: it is idempotent)
        await d.RefreshOrganizerAsync();
        slow = await app.LogInAsync("slow");
        var list = await d.SignUpsAsync(id);
        Assert.Equal("offer-expired", StatusOf(list, slow));
        Assert.Equal("offered", StatusOf(list, next));
        await (await slow.Http.PostAsync($"/api/activities/{id}/signups/me/claim", null)).ExpectAsync(409);

        // The second offer's window is cut at the start (8 h away); at the start nobody else is offered the seat.
        var offeredUntil = DateTimeOffset.Parse(list["items"]!.AsArray().Single(i => i!.Str("userId") == next.UserId.ToString())!.Str("offerExpiresAt"));
        Assert.Equal(DateTimeOffset.Parse(activity.Str("startsAt")), offeredUntil);
        app.Clock.Advance(TimeSpan.FromHours(8));
        await ExpireOffersAsync(app);
        list = await d.SignUpsAsync(id);
        Assert.Equal("offer-expired", StatusOf(list, next));
        Assert.Equal("waitlisted", StatusOf(list, last));
        Assert.DoesNotContain(ActivityMessages.Offered, await PurposesAsync(app, last));
    }

    [Fact]
    public async Task Cancelling_the_activity_tells_everyone_signed_up()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var activity = await d.PublishedActivityAsync(capacity: 1);
        var a = await d.VolunteerAsync("a");
        var b = await d.VolunteerAsync("b");
        await ActivityDriver.SignUpAsync(a, activity.Str("id"));
        await ActivityDriver.SignUpAsync(b, activity.Str("id"));

        var cancelled = await (await d.Organizer.Http.PostJsonAsync($"/api/activities/{activity.Str("id")}/cancel", new { reason = "暴雨预警" })).ExpectAsync(200);
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Contains(ActivityMessages.ActivityCancelled, await PurposesAsync(app, a));
        Assert.Contains(ActivityMessages.ActivityCancelled, await PurposesAsync(app, b));
        var inbox = await (await a.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Contains("暴雨预警", inbox["items"]![0]!.Str("body"));
    }

    [Fact]
    public async Task An_activity_needing_approval_holds_the_seat_as_pending_and_a_rejection_passes_it_on()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(2);
        var created = await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "心理陪伴", description = "", location = "阳光小屋", startsAt, endsAt = startsAt.AddHours(2),
            capacity = 1, requiresApproval = true,
        })).ExpectAsync(201);
        var id = created.Str("id");
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        var applicant = await d.VolunteerAsync("applicant");
        var next = await d.VolunteerAsync("next-applicant");
        Assert.Equal("pending", (await ActivityDriver.SignUpAsync(applicant, id)).Str("status"));
        Assert.Equal("waitlisted", (await ActivityDriver.SignUpAsync(next, id)).Str("status"));

        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/signups/{applicant.UserId}/reject", null)).ExpectAsync(200);
        var list = await d.SignUpsAsync(id);
        Assert.Equal("rejected", StatusOf(list, applicant));
        Assert.Equal("offered", StatusOf(list, next));
        Assert.Contains(ActivityMessages.SignUpRejected, await PurposesAsync(app, applicant));
    }

    [Fact]
    public async Task Cancelling_the_activity_ends_its_offers_so_none_is_claimed_or_later_said_to_pass_on()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var id = (await d.PublishedActivityAsync(capacity: 2, startsIn: TimeSpan.FromDays(3))).Str("id");
        var (first, second, eager, patient) = (await d.VolunteerAsync("first"), await d.VolunteerAsync("second"),
            await d.VolunteerAsync("eager"), await d.VolunteerAsync("patient"));
        foreach (var v in new[] { first, second, eager, patient }) await ActivityDriver.SignUpAsync(v, id);
        await (await first.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        await (await second.Http.DeleteAsync($"/api/activities/{id}/signups/me")).ExpectAsync(200);
        Assert.Equal("offered", StatusOf(await d.SignUpsAsync(id), patient));

        await (await d.Organizer.Http.PostJsonAsync($"/api/activities/{id}/cancel", new { reason = "暴雨预警" })).ExpectAsync(200);
        var claim = await (await eager.Http.PostAsync($"/api/activities/{id}/signups/me/claim", null)).ExpectAsync(409);
        Assert.Equal("activity_closed", claim.Str("code"));

        app.Clock.Advance(TimeSpan.FromHours(13));
        await ExpireOffersAsync(app);
        Assert.Equal([ActivityMessages.Waitlisted, ActivityMessages.Offered, ActivityMessages.ActivityCancelled], await PurposesAsync(app, patient));
        await d.RefreshOrganizerAsync();
        Assert.Equal("cancelled", StatusOf(await d.SignUpsAsync(id), patient));
    }

    [Fact]
    public async Task On_an_activity_needing_approval_a_claimed_offer_waits_for_the_organizer()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var d = await ActivityDriver.StartAsync(app);
        var startsAt = d.Now.AddDays(2);
        var id = (await (await d.Organizer.Http.PostJsonAsync("/api/activities", new
        {
            organizationId = d.OrgId, title = "心理陪伴", description = "", location = "阳光小屋", startsAt, endsAt = startsAt.AddHours(2),
            capacity = 1, requiresApproval = true,
        })).ExpectAsync(201)).Str("id");
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/publish", null)).ExpectAsync(200);
        var applicant = await d.VolunteerAsync("applicant");
        var next = await d.VolunteerAsync("next-applicant");
        await ActivityDriver.SignUpAsync(applicant, id);
        await ActivityDriver.SignUpAsync(next, id);
        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/signups/{applicant.UserId}/reject", null)).ExpectAsync(200);

        var claimed = await (await next.Http.PostAsync($"/api/activities/{id}/signups/me/claim", null)).ExpectAsync(200);
        Assert.Equal("pending", claimed.Str("status"));
        Assert.Equal("pending", StatusOf(await d.SignUpsAsync(id), next));
        Assert.Equal(ActivityMessages.Pending, (await PurposesAsync(app, next)).Last());

        await (await d.Organizer.Http.PostAsync($"/api/activities/{id}/signups/{next.UserId}/approve", null)).ExpectAsync(200);
        Assert.Equal("confirmed", StatusOf(await d.SignUpsAsync(id), next));
    }
}
