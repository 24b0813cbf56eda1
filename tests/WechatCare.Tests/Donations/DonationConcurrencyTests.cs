using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Domain.Donations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Donations;

/// <summary>The scenarios that depend on the engine's locking run on SQLite and, in CI, on MariaDB.</summary>
public sealed class DonationConcurrencyTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    [Theory, MemberData(nameof(Engines))]
    public async Task Fifty_concurrent_pledges_of_two_sets_never_exceed_a_75_set_slot(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 75);
        var itemId = DonationWorld.ItemId(drive, 0);
        var donors = new List<UserClient>();
        for (var i = 0; i < 10; i++) donors.Add(await app.LogInAsync($"donor-{i}"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            donors[i % donors.Count].Http.PostJsonAsync($"/api/drives/{drive.Str("id")}/pledges", new { items = new[] { new { itemId, quantity = 2 } } })));

        var accepted = responses.Count(r => (int)r.StatusCode == 201);
        if (accepted == 0) Assert.Fail(await responses[0].Content.ReadAsStringAsync());
        var refused = responses.Where(r => (int)r.StatusCode != 201).ToList();
        Assert.Equal(37, accepted);                     // 37 × 2 = 74; a 38th would make 76
        foreach (var response in refused)
        {
            var problem = await response.ExpectAsync(422);
            Assert.Equal("item_fully_pledged", problem.Str("code"));
            Assert.Equal(1, problem["remaining"]!.GetValue<int>());
        }

        var progress = await (await world.Organizer.Http.GetAsync($"/api/drives/{drive.Str("id")}")).ExpectAsync(200);
        Assert.Equal(74, progress["items"]![0]!["pledged"]!.GetValue<int>());
        Assert.Equal(1, progress["items"]![0]!["remaining"]!.GetValue<int>());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        Assert.Equal(74, await db.DriveItems.Where(i => i.Id == Guid.Parse(itemId)).Select(i => i.Pledged).SingleAsync());
        Assert.Equal(37, await db.Pledges.CountAsync(p => p.DriveId == Guid.Parse(drive.Str("id"))));
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task Receipt_numbers_issued_concurrently_are_contiguous_per_organisation_and_year(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync();
        var driveId = drive.Str("id");

        // 20 pledges at or above the threshold and 5 below it (their receipt requests fail inside the transaction).
        var pledgeIds = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var amount = i < 20 ? 20_000 + i : 19_999;
            var pledge = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges",
                new { amountFen = amount, offline = true, donorName = $"线下捐赠人{i}" })).ExpectAsync(201);
            await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive", new { })).ExpectAsync(200);
            pledgeIds.Add(pledge.Str("id"));
        }

        var responses = await Task.WhenAll(pledgeIds.Select(id => world.Organizer.Http.PostAsync($"/api/drives/{driveId}/pledges/{id}/receipt", null)));

        var numbers = new List<string>();
        foreach (var (response, index) in responses.Select((r, i) => (r, i)))
        {
            if (index < 20) numbers.Add((await response.ExpectAsync(201)).Str("number"));
            else Assert.Equal("receipt_below_threshold", (await response.ExpectAsync(422)).Str("code"));
        }
        var year = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{year}-{n:D6}"), numbers.Order());

        // The next one continues without a gap.
        var late = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 30_000, offline = true, donorName = "最后一位" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{late.Str("id")}/receive", new { })).ExpectAsync(200);
        var receipt = await (await world.Organizer.Http.PostAsync($"/api/drives/{driveId}/pledges/{late.Str("id")}/receipt", null)).ExpectAsync(201);
        Assert.Equal($"{year}-000021", receipt.Str("number"));
        Assert.Equal("叁佰元整", receipt.Str("amountInWords"));
    }
}
