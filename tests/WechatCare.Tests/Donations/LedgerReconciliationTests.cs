using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Domain.Donations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Donations;

/// <summary>
/// A randomized (fixed seed) run of pledges, cancellations, receipts of goods and money, distributions, receipts and
/// expenses, checked against a model kept by the test, then the ledger against every counter and every page.
/// </summary>
public sealed class LedgerReconciliationTests
{
    public static TheoryData<Engine> Engines => [Engine.Sqlite, Engine.MariaDb];

    private sealed record Model(string Id, long Amount, int[] Quantities)
    {
        public string Status { get; set; } = "pledged";
        public long ReceivedFen { get; set; }
        public int[] Received { get; set; } = new int[Quantities.Length];
    }

    [Theory, MemberData(nameof(Engines))]
    public async Task After_a_random_sequence_of_changes_the_ledger_reconciles_to_the_fen(Engine engine)
    {
        await using var app = new CareApp { Engine = engine };
        await app.InitializeAsync();
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 40);
        var driveId = drive.Str("id");
        string[] itemIds = [DonationWorld.ItemId(drive, 0), DonationWorld.ItemId(drive, 1)];
        int[] targets = [40, 30];
        var donors = new List<UserClient>();
        for (var i = 0; i < 3; i++) donors.Add(await app.LogInAsync($"random-donor-{i}"));
        var organizer = world.Organizer.Http;

        var random = new Random(20261129);
        var pledges = new List<Model>();
        var pledgedItems = new int[2];
        var (distributed, spent, receiptsIssued) = (new int[2], 0L, 0);
        var expenses = new List<(string Id, long Amount)>();
        var reversed = new HashSet<string>();

        for (var step = 0; step < 120; step++)
        {
            var roll = random.Next(100);
            if (roll < 40)
            {
                var amount = random.Next(3) == 0 ? 0 : random.Next(1, 40) * 1_000 + random.Next(100);
                var quantities = new[] { random.Next(3) == 0 ? 0 : random.Next(1, 8), random.Next(4) == 0 ? random.Next(1, 4) : 0 };
                if (amount == 0 && quantities.Sum() == 0) amount = 1;
                var items = quantities.Select((q, i) => (q, i)).Where(x => x.q > 0)
                    .Select(x => new { itemId = itemIds[x.i], quantity = x.q, size = x.i == 1 ? "小号" : null }).ToArray();
                var who = random.Next(donors.Count + 1);
                var http = who == donors.Count ? organizer : donors[who].Http;
                var response = await http.PostJsonAsync($"/api/drives/{driveId}/pledges", who == donors.Count
                    ? new { amountFen = amount, items, offline = true, donorName = $"线下{step}" } : (object)new { amountFen = amount, items });
                var fits = Enumerable.Range(0, 2).All(i => pledgedItems[i] + quantities[i] <= targets[i]);
                if (fits)
                {
                    var created = await response.ExpectAsync(201);
                    pledges.Add(new Model(created.Str("id"), amount, quantities));
                    for (var i = 0; i < 2; i++) pledgedItems[i] += quantities[i];
                }
                else Assert.Equal("item_fully_pledged", (await response.ExpectAsync(422)).Str("code"));
            }
            else if (roll < 52 && Pick(random, pledges, "pledged") is { } cancel)
            {
                await (await organizer.DeleteAsync($"/api/drives/{driveId}/pledges/{cancel.Id}")).ExpectAsync(200);
                cancel.Status = "cancelled";
                for (var i = 0; i < 2; i++) pledgedItems[i] -= cancel.Quantities[i];
            }
            else if (roll < 72 && Pick(random, pledges, "pledged") is { } receive)
            {
                // What arrives may differ from what was promised.
                var fen = random.Next(3) == 0 ? receive.Amount + random.Next(-500, 501) : receive.Amount;
                receive.ReceivedFen = Math.Max(fen, 0);
                receive.Received = receive.Quantities.Select(q => q == 0 ? 0 : Math.Max(q + random.Next(-1, 2), 0)).ToArray();
                await (await organizer.PostJsonAsync($"/api/drives/{driveId}/pledges/{receive.Id}/receive", new
                {
                    amountFen = receive.ReceivedFen,
                    items = receive.Quantities.Select((q, i) => (q, i)).Where(x => x.q > 0).Select(x => new { itemId = itemIds[x.i], quantity = receive.Received[x.i] }).ToArray(),
                })).ExpectAsync(200);
                if (receive.ReceivedFen == 0 && receive.Received.Sum() == 0)
                {
                    // Nothing arrived: the pledge is withdrawn and its whole share freed.
                    receive.Status = "cancelled";
                    for (var i = 0; i < 2; i++) pledgedItems[i] -= receive.Quantities[i];
                    continue;
                }
                receive.Status = "received";
                // A shortfall goes back to the slot; a surplus does not take more of it.
                for (var i = 0; i < 2; i++) pledgedItems[i] -= Math.Max(receive.Quantities[i] - receive.Received[i], 0);
            }
            else if (roll < 80 && Pick(random, pledges, "received") is { } give && give.Received.Sum() > 0)
            {
                await (await organizer.PostJsonAsync($"/api/drives/{driveId}/pledges/{give.Id}/distribute", new { className = "四年级一班" })).ExpectAsync(200);
                give.Status = "distributed";
                for (var i = 0; i < 2; i++) distributed[i] += give.Received[i];
            }
            else if (roll < 88 && Pick(random, pledges, "received") is { } receipted)
            {
                var response = await organizer.PostJsonAsync($"/api/drives/{driveId}/pledges/{receipted.Id}/receipt", new { donorName = $"捐赠人{step}" });
                if (receipted.ReceivedFen >= 20_000 && !receipted.Status.EndsWith("+receipt", StringComparison.Ordinal))
                {
                    var receipt = await response.ExpectAsync(201);
                    Assert.Equal(ChineseCapitals.FromFen(receipted.ReceivedFen), receipt.Str("amountInWords"));
                    receipted.Status = "received+receipt";
                    receiptsIssued++;
                }
                else Assert.True((int)response.StatusCode is 422 or 409, $"receipt answered {(int)response.StatusCode}");
            }
            else if (roll < 93 && expenses.Count > 0)
            {
                // A correction is a new, opposite entry; reversing twice is refused.
                var (expenseId, amount) = expenses[random.Next(expenses.Count)];
                var response = await organizer.PostJsonAsync($"/api/drives/{driveId}/expenses/{expenseId}/reverse", new { reason = "录入错误" });
                if (reversed.Add(expenseId))
                {
                    Assert.Equal(-amount, (await response.ExpectAsync(201))["amountFen"]!.GetValue<long>());
                    spent -= amount;
                }
                else Assert.Equal("expense_already_reversed", (await response.ExpectAsync(409)).Str("code"));
            }
            else
            {
                var amount = random.Next(1, 10_000);
                var expense = await (await organizer.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "文具", amountFen = amount, note = $"第{step}步" })).ExpectAsync(201);
                expenses.Add((expense.Str("id"), amount));
                spent += amount;
            }
        }

        var live = pledges.Where(p => p.Status != "cancelled").ToList();
        var expectedPledged = live.Sum(p => p.Amount);
        var expectedReceived = live.Sum(p => p.ReceivedFen);
        Assert.True(pledges.Count(p => p.Status == "cancelled") > 0 && receiptsIssued > 0 && distributed.Sum() > 0 && reversed.Count > 0, "the sequence exercised every kind of change");

        var progress = await (await organizer.GetAsync($"/api/drives/{driveId}")).ExpectAsync(200);
        var page = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).ExpectAsync(200);
        foreach (var view in new[] { progress, page })
        {
            Assert.Equal(expectedPledged, Fen(view, "pledgedFen"));
            Assert.Equal(expectedReceived, Fen(view, "raisedFen"));
            Assert.Equal(spent, Fen(view, "spentFen"));
            Assert.Equal(Fen(view, "raisedFen") - Fen(view, "spentFen"), Fen(view, "balanceFen"));
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(pledgedItems[i], view["items"]![i]!["pledged"]!.GetValue<int>());
                Assert.Equal(live.Sum(p => p.Received[i]), view["items"]![i]!["received"]!.GetValue<int>());
                Assert.Equal(distributed[i], view["items"]![i]!["distributed"]!.GetValue<int>());
            }
        }
        Assert.Equal(spent, page["expenses"]!.AsArray().Sum(e => e!["amountFen"]!.GetValue<long>()));
        Assert.Equal(expectedPledged, page["donors"]!.AsArray().Sum(d => d!["amountFen"]!.GetValue<long>()));

        // The counters kept for concurrency agree with the ledger and with the pledge rows.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        var id = Guid.Parse(driveId);
        foreach (var item in await db.DriveItems.Where(i => i.DriveId == id).ToListAsync())
        {
            Assert.Equal(await db.DonationLedger.Where(e => e.ItemId == item.Id && e.Account == LedgerAccount.Pledged).SumAsync(e => e.Quantity), item.Pledged);
            Assert.Equal(await db.DonationLedger.Where(e => e.ItemId == item.Id && e.Account == LedgerAccount.Received).SumAsync(e => e.Quantity), item.Received);
            Assert.Equal(await db.DonationLedger.Where(e => e.ItemId == item.Id && e.Account == LedgerAccount.Distributed).SumAsync(e => e.Quantity), item.Distributed);
        }
        var rows = await db.Pledges.Where(p => p.DriveId == id).ToListAsync();
        Assert.Equal(rows.Where(p => p.Status != PledgeStatus.Cancelled).Sum(p => p.AmountFen), expectedPledged);
        Assert.Equal(rows.Sum(p => p.ReceivedFen), expectedReceived);
        Assert.Equal(await db.Expenses.Where(e => e.DriveId == id).SumAsync(e => e.AmountFen), spent);
        // Cancellations are new, negative entries: the original entry is still there.
        Assert.True(await db.DonationLedger.CountAsync(e => e.DriveId == id && e.Reason == "cancel")
            <= await db.DonationLedger.CountAsync(e => e.DriveId == id && e.Reason == "pledge"));
        Assert.True(await db.DonationLedger.AnyAsync(e => e.DriveId == id && e.Reason == "cancel" && (e.AmountFen < 0 || e.Quantity < 0)));
    }

    private static long Fen(JsonNode view, string name) => view[name]!.GetValue<long>();

    private static Model? Pick(Random random, List<Model> pledges, string status)
    {
        var candidates = pledges.Where(p => p.Status.StartsWith(status, StringComparison.Ordinal)).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }
}
