using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

public sealed class GuardianInviteTests
{
    private static async Task<(CareApp App, ChildrenWorld World)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var app = new CareApp { Settings = settings ?? [] };
        await app.InitializeAsync();
        return (app, await ChildrenWorld.CreateAsync(app));
    }

    [Fact]
    public async Task An_invite_code_links_one_parent_once_and_then_no_more()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var invite = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201);
        Assert.Matches("^[0-9]{6}$", invite.Str("code"));
        var mother = await app.LogInAsync("mother-of-xingxing");

        var linked = await (await mother.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") })).ExpectAsync(200);
        Assert.Equal(w.ChildId, linked.Str("childId"));
        var mine = await (await mother.Http.GetAsync("/api/me/children")).ExpectAsync(200);
        Assert.Equal(ChildrenWorld.ChildName, mine[0]!.Str("name"));
        await (await mother.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);

        var someoneElse = await app.LogInAsync("someone-else");
        var problem = await (await someoneElse.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") })).ExpectAsync(422);
        Assert.Equal("invalid_invite_code", problem.Str("code"));
        await (await someoneElse.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
    }

    [Fact]
    public async Task An_expired_invite_code_is_refused()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var invite = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201);
        app.Clock.Advance(TimeSpan.FromHours(73));
        var late = await app.LogInAsync("late-parent");
        var problem = await (await late.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") })).ExpectAsync(422);
        Assert.Equal("invalid_invite_code", problem.Str("code"));
    }

    [Fact]
    public async Task Guessing_invite_codes_is_stopped_after_a_few_tries_even_with_the_right_code()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var invite = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201);
        var guesser = await app.LogInAsync("guesser");
        var wrong = invite.Str("code") == "000000" ? "000001" : "000000";
        for (var i = 0; i < 5; i++)
            await (await guesser.Http.PostJsonAsync("/api/me/children", new { code = wrong })).ExpectAsync(422);

        var response = await guesser.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") });
        var problem = await response.ExpectAsync(429);
        Assert.Equal("rate_limited", problem.Str("code"));
        Assert.NotNull(response.Headers.RetryAfter);
        await (await guesser.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
    }

    [Fact]
    public async Task Many_accounts_guessing_from_one_address_are_stopped_while_parents_elsewhere_still_bind()
    {
        var (app, w) = await StartAsync(new Dictionary<string, string?>
        {
            ["FORWARDEDHEADERS_ENABLED"] = "true",   // behind the reverse proxy, the phone's address comes in X-Forwarded-For
            ["Children:InviteMissesPerAddress"] = "3",
        });
        await using var _ = app;
        var code = (await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201)).Str("code");
        var wrong = code == "000000" ? "000001" : "000000";
        async Task<UserClient> FromAsync(string name, string address)
        {
            var user = await app.LogInAsync(name);
            user.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return user;
        }

        // Two accounts, each well inside its own limit of 5, miss four times together from one address.
        foreach (var guesser in new[] { await FromAsync("guesser-1", "203.0.113.7"), await FromAsync("guesser-2", "203.0.113.7") })
            for (var i = 0; i < 2; i++)
                await (await guesser.Http.PostJsonAsync("/api/me/children", new { code = wrong })).ExpectAsync(422);

        var third = await FromAsync("guesser-3", "203.0.113.7");
        var refused = await third.Http.PostJsonAsync("/api/me/children", new { code });
        Assert.Equal("rate_limited", (await refused.ExpectAsync(429)).Str("code"));
        Assert.NotNull(refused.Headers.RetryAfter);

        // A parent on another network binds with a code of their own; the address is let through again after the window.
        var secondCode = (await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201)).Str("code");
        var parent = await FromAsync("parent-at-home", "198.51.100.20");
        await (await parent.Http.PostJsonAsync("/api/me/children", new { code = secondCode })).ExpectAsync(200);
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await (await third.Http.PostJsonAsync("/api/me/children", new { code })).ExpectAsync(200);
    }

    [Fact]
    public async Task Of_several_parents_entering_the_same_code_at_once_only_one_is_linked()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var code = (await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201)).Str("code");
        var parents = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => app.LogInAsync($"hurried-parent-{i}")));

        var answers = await Task.WhenAll(parents.Select(p => p.Http.PostJsonAsync("/api/me/children", new { code })));

        Assert.Single(answers, a => a.IsSuccessStatusCode);
        Assert.All(answers.Where(a => !a.IsSuccessStatusCode), a => Assert.Equal(422, (int)a.StatusCode));
        var linked = 0;
        foreach (var parent in parents)
            if ((await parent.Http.GetAsync($"/api/children/{w.ChildId}")).IsSuccessStatusCode) linked++;
        Assert.Equal(1, linked);
    }

    [Fact]
    public async Task A_code_issued_before_a_key_rotation_still_links_until_it_expires()
    {
        var oldKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var (app, w) = await StartAsync(new Dictionary<string, string?> { ["Security:PreviousDataKeys:0"] = oldKey });
        await using var _ = app;
        string code;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            (var invite, code) = GuardianInvite.Issue(Guid.Parse(w.ChildId), w.TeacherWithGrant.UserId, TimeSpan.FromDays(3),
                FieldCipher.FromBase64(oldKey), app.Clock.GetUtcNow());
            db.GuardianInvites.Add(invite);
            await db.SaveChangesAsync();
        }
        var grandfather = await app.LogInAsync("grandfather-of-xingxing");

        await (await grandfather.Http.PostJsonAsync("/api/me/children", new { code })).ExpectAsync(200);
        await (await grandfather.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(200);
    }

    private static int OpenInvites(CareApp app, string childId)
    {
        using var scope = app.Services.CreateScope();
        var id = Guid.Parse(childId);
        return scope.ServiceProvider.GetRequiredService<CareDb>().GuardianInvites.Count(i => i.ChildId == id && i.UsedAtUtc == null);
    }

    /// <summary>An invite put straight into the database, as one left over from before would be.</summary>
    private static async Task<string> PlantInviteAsync(CareApp app, ChildrenWorld w, string childId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var (invite, code) = GuardianInvite.Issue(Guid.Parse(childId), w.TeacherWithGrant.UserId, TimeSpan.FromDays(3),
            scope.ServiceProvider.GetRequiredService<FieldCipher>(), app.Clock.GetUtcNow());
        db.GuardianInvites.Add(invite);
        await db.SaveChangesAsync();
        return code;
    }

    [Fact]
    public async Task A_code_issued_before_the_guardian_asked_for_deletion_links_no_one_and_the_deletion_goes_ahead()
    {
        var (app, w) = await StartAsync(new Dictionary<string, string?> { ["Bot:InProcess"] = "false" });
        await using var _ = app;
        var invite = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201);

        await (await w.Parent.Http.PostAsync($"/api/children/{w.ChildId}/deletion-request", null)).ExpectAsync(200);

        Assert.Equal(0, OpenInvites(app, w.ChildId));
        var late = await app.LogInAsync("late-parent");
        var refused = await (await late.Http.PostJsonAsync("/api/me/children", new { code = invite.Str("code") })).ExpectAsync(422);
        Assert.Equal("invalid_invite_code", refused.Str("code"));
        // Even a code still in the database finds no child waiting for deletion.
        var planted = await PlantInviteAsync(app, w, w.ChildId);
        await (await late.Http.PostJsonAsync("/api/me/children", new { code = planted })).ExpectAsync(422);
        await (await late.Http.GetAsync($"/api/children/{w.ChildId}")).ExpectAsync(404);
        // Nobody could renew consent on the family's behalf: the record is erased after the grace period.
        app.Clock.Advance(TimeSpan.FromDays(8));
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand());
        Assert.Equal(1, result.ChildrenErased);
    }

    [Fact]
    public async Task Open_codes_are_withdrawn_when_consent_to_the_archive_is_withdrawn_or_the_child_leaves()
    {
        var (app, w) = await StartAsync();
        await using var _ = app;
        var forChild = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.ChildId}/guardian-invites", null)).ExpectAsync(201);
        var forOther = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.OtherChildId}/guardian-invites", null)).ExpectAsync(201);

        await (await w.Parent.Http.PostJsonAsync($"/api/children/{w.ChildId}/consent-withdrawals", new { scopes = new[] { "basic-archive" } })).ExpectAsync(200);
        await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.OtherChildId}/leave", null)).ExpectAsync(200);

        Assert.Equal(0, OpenInvites(app, w.ChildId));
        Assert.Equal(0, OpenInvites(app, w.OtherChildId));
        var late = await app.LogInAsync("late-parent");
        foreach (var code in new[] { forChild.Str("code"), forOther.Str("code"), await PlantInviteAsync(app, w, w.OtherChildId) })
            Assert.Equal("invalid_invite_code", (await (await late.Http.PostJsonAsync("/api/me/children", new { code })).ExpectAsync(422)).Str("code"));
        await (await late.Http.GetAsync($"/api/children/{w.OtherChildId}")).ExpectAsync(404);
        // A child who left gets no new code either.
        var noCode = await (await w.TeacherWithGrant.Http.PostAsync($"/api/children/{w.OtherChildId}/guardian-invites", null)).ExpectAsync(422);
        Assert.Equal("child_not_active", noCode.Str("code"));
    }
}
