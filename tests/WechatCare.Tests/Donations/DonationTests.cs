using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using WechatCare.Bot.Donations;
using WechatCare.Domain.Data;
using WechatCare.Domain.Donations;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Donations;

public sealed class DonationTests(CareApp app) : IClassFixture<CareApp>
{
    private static object Items(string itemId, int quantity, string? size = null) => new[] { new { itemId, quantity, size } };

    [Fact]
    public async Task A_receipt_can_be_asked_for_at_20000_fen_but_not_at_19999()
    {
        var world = await DonationWorld.CreateAsync(app);
        var driveId = (await world.OpenDriveAsync()).Str("id");
        var donor = await app.LogInAsync("donor-zhao");

        var below = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 19_999, wantsReceipt = true })).ExpectAsync(422);
        Assert.Equal("receipt_below_threshold", below.Str("code"));
        Assert.Equal(20_000, below["required"]!.GetValue<long>());
        Assert.Equal(19_999, below["actual"]!.GetValue<long>());

        var pledge = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 20_000, wantsReceipt = true, donorName = "赵爱心" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive", new { })).ExpectAsync(200);
        var receipt = await (await donor.Http.PostAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receipt", null)).ExpectAsync(201);
        Assert.Equal("赵爱心", receipt.Str("donorName"));
        Assert.Equal("贰佰元整", receipt.Str("amountInWords"));
        Assert.Equal("爱心助学", receipt.Str("designation"));

        var html = await (await donor.Http.GetAsync($"/api/receipts/{receipt.Str("id")}/print")).Content.ReadAsStringAsync();
        Assert.Contains("人民币 贰佰元整", html);
        Assert.Contains(receipt.Str("number"), html);

        var verified = await (await app.CreateClient().GetAsync($"/api/public/receipts/{receipt.Str("verificationCode")}")).ExpectAsync(200);
        Assert.Equal(receipt.Str("number"), verified.Str("number"));
        Assert.Equal("赵**", verified.Str("donorName"));
        await (await app.CreateClient().GetAsync("/api/public/receipts/not-a-real-code")).ExpectAsync(404);

        // What arrived decides: a pledge of 200 yuan of which 199.99 arrived gets no receipt.
        var short1 = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 20_000, wantsReceipt = true, donorName = "赵爱心" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{short1.Str("id")}/receive", new { amountFen = 19_999 })).ExpectAsync(200);
        var refused = await (await donor.Http.PostAsync($"/api/drives/{driveId}/pledges/{short1.Str("id")}/receipt", null)).ExpectAsync(422);
        Assert.Equal("receipt_below_threshold", refused.Str("code"));

        // Another person cannot see the receipt.
        var stranger = await app.LogInAsync("stranger-sun");
        await (await stranger.Http.GetAsync($"/api/receipts/{receipt.Str("id")}")).ExpectAsync(404);
    }

    [Theory]
    [InlineData(100.5, "amountFen")]
    [InlineData(-1, "amountFen")]
    [InlineData(1e12, "amountFen")]
    public async Task Fractions_of_a_fen_negative_and_absurd_amounts_are_refused_with_a_field_error(double amount, string field)
    {
        var world = await DonationWorld.CreateAsync(app);
        var driveId = (await world.OpenDriveAsync()).Str("id");
        var response = await world.Organizer.Http.PostAsync($"/api/drives/{driveId}/pledges",
            new StringContent($$"""{"amountFen": {{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ExpectAsync(400);
        Assert.NotNull(problem["errors"]![field]);

        var expense = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "路费", amountFen = 0.5, note = "" })).ExpectAsync(400);
        Assert.Contains("整数", expense["errors"]!["amountFen"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_a_pledge_frees_its_share_of_the_slot()
    {
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 10);
        var (driveId, itemId) = (drive.Str("id"), DonationWorld.ItemId(drive, 0));
        var first = await app.LogInAsync("donor-qian");
        var second = await app.LogInAsync("donor-li");

        var pledge = await (await first.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 8) })).ExpectAsync(201);
        var full = await (await second.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 3) })).ExpectAsync(422);
        Assert.Equal("item_fully_pledged", full.Str("code"));
        Assert.Equal(2, full["remaining"]!.GetValue<int>());

        await (await second.Http.DeleteAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}")).ExpectAsync(404);   // not theirs
        var cancelled = await (await first.Http.DeleteAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}")).ExpectAsync(200);
        Assert.Equal("cancelled", cancelled.Str("status"));
        await (await second.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 10) })).ExpectAsync(201);
        var progress = await (await second.Http.GetAsync($"/api/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(10, progress["items"]![0]!["pledged"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_delivery_shortfall_gives_the_missing_sets_back_to_the_slot()
    {
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 75);
        var (driveId, itemId) = (drive.Str("id"), DonationWorld.ItemId(drive, 0));
        var donor = await app.LogInAsync("donor-short");
        var pledge = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 10) })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges",
            new { offline = true, donorName = "周先生", items = Items(itemId, 65) })).ExpectAsync(201);

        // 10 pledged, 6 arrived: the 4 missing sets can be pledged again by someone else.
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive",
            new { items = Items(itemId, 6) })).ExpectAsync(200);
        var progress = await (await donor.Http.GetAsync($"/api/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(71, progress["items"]![0]!["pledged"]!.GetValue<int>());
        Assert.Equal(6, progress["items"]![0]!["received"]!.GetValue<int>());
        Assert.Equal(4, progress["items"]![0]!["remaining"]!.GetValue<int>());
        var tooMany = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 5) })).ExpectAsync(422);
        Assert.Equal(4, tooMany["remaining"]!.GetValue<int>());
        await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { items = Items(itemId, 4) })).ExpectAsync(201);

        // The public 接龙 shows what arrived, and its item totals agree with the progress.
        var page = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(75, page["items"]![0]!["pledged"]!.GetValue<int>());
        Assert.Equal("儿童牙刷、牙膏 6 套", page["donors"]![0]!.Str("items"));
    }

    [Fact]
    public async Task Recording_that_nothing_arrived_withdraws_the_pledge_without_thanking_the_donor()
    {
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 75);
        var (driveId, itemId) = (drive.Str("id"), DonationWorld.ItemId(drive, 0));
        var donor = await app.LogInAsync("donor-nothing");
        var pledge = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 1_000, items = Items(itemId, 10) })).ExpectAsync(201);

        var answer = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive",
            new { amountFen = 0, items = Items(itemId, 0) })).ExpectAsync(200);
        Assert.Equal("cancelled", answer.Str("status"));

        var inbox = (await (await donor.Http.GetAsync("/api/me/messages")).ExpectAsync(200))["items"]!.AsArray();
        Assert.DoesNotContain(inbox, m => m!.Str("body").Contains("谢谢您！", StringComparison.Ordinal));
        Assert.Contains(inbox, m => m!.Str("title") == "认捐未收到");
        var progress = await (await donor.Http.GetAsync($"/api/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(75, progress["items"]![0]!["remaining"]!.GetValue<int>());
        Assert.Equal(0, progress["pledgedFen"]!.GetValue<long>());
        Assert.Equal(0, progress["pledgeCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_received_amount_is_corrected_by_a_new_ledger_entry_until_a_receipt_is_issued()
    {
        var world = await DonationWorld.CreateAsync(app);
        var driveId = (await world.OpenDriveAsync()).Str("id");
        var pledge = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges",
            new { amountFen = 20_000, offline = true, donorName = "郑女士" })).ExpectAsync(201);
        var pledgeUrl = $"/api/drives/{driveId}/pledges/{pledge.Str("id")}";
        await (await world.Organizer.Http.PostJsonAsync($"{pledgeUrl}/receive", new { amountFen = 2_000 })).ExpectAsync(200);   // a typo

        var corrected = await (await world.Organizer.Http.PostJsonAsync($"{pledgeUrl}/receive/correction", new { amountFen = 20_000 })).ExpectAsync(200);
        Assert.Equal(20_000, corrected["receivedFen"]!.GetValue<long>());
        var progress = await (await world.Organizer.Http.GetAsync($"/api/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(20_000, progress["raisedFen"]!.GetValue<long>());
        using (var scope = app.Services.CreateScope())
        {
            var entries = await scope.ServiceProvider.GetRequiredService<CareDb>().DonationLedger
                .Where(e => e.PledgeId == Guid.Parse(pledge.Str("id")) && e.Account == LedgerAccount.Received).Select(e => e.AmountFen).ToListAsync();
            Assert.Equal([2_000, 18_000], entries.Order());   // the original entry stays; the correction is a new one
        }

        await (await world.Organizer.Http.PostAsync($"{pledgeUrl}/receipt", null)).ExpectAsync(201);
        var late = await (await world.Organizer.Http.PostJsonAsync($"{pledgeUrl}/receive/correction", new { amountFen = 30_000 })).ExpectAsync(409);
        Assert.Equal("receipt_already_issued", late.Str("code"));
    }

    [Fact]
    public async Task A_receipt_is_made_out_to_a_name_the_donor_typed_not_to_爱心人士()
    {
        var world = await DonationWorld.CreateAsync(app);
        var driveId = (await world.OpenDriveAsync()).Str("id");
        var donor = await app.LogInAsync("donor-noname");

        // donorName is optional (CONTRACT.md), even with wantsReceipt: the receipt asks for its 抬头 when it is issued.
        var pledge = await (await donor.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 20_000, wantsReceipt = true })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive", new { })).ExpectAsync(200);
        var receiptUrl = $"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receipt";
        var nameless = await (await donor.Http.PostAsync(receiptUrl, null)).ExpectAsync(422);
        Assert.Equal("donor_name_required", nameless.Str("code"));
        var receipt = await (await donor.Http.PostJsonAsync(receiptUrl, new { donorName = "钱爱心" })).ExpectAsync(201);
        Assert.Equal("钱爱心", receipt.Str("donorName"));
    }

    [Fact]
    public async Task Item_sizes_that_would_not_fit_their_column_are_refused_with_a_field_error()
    {
        var world = await DonationWorld.CreateAsync(app);
        var sizes = Enumerable.Range(1, 11).Select(i => $"{i:D2}号".PadRight(20, '码')).ToArray();   // 11 × 20 characters + 10 commas
        var problem = await (await world.Organizer.Http.PostJsonAsync("/api/drives", new
        {
            organizationId = world.OrgId, title = "校服募集", description = "", designation = "爱心助学", endsAt = app.Clock.GetUtcNow().AddDays(5),
            items = new[] { new { name = "校服", unit = "套", target = 10, sizes } },
        })).ExpectAsync(400);
        Assert.Contains("200", problem["errors"]!.ToJsonString(JsonOptions));
    }

    [Fact]
    public async Task Expense_and_budget_categories_come_from_a_fixed_list_so_no_name_reaches_the_public_page()
    {
        const string child = "王小明";
        var world = await DonationWorld.CreateAsync(app);
        var activityId = Guid.NewGuid();
        var driveId = (await world.OpenDriveAsync(activityId: activityId)).Str("id");
        var budgetUrl = $"/api/organizations/{world.OrgId}/activities/{activityId}/budget-lines";

        var badLine = await (await world.Organizer.Http.PostJsonAsync(budgetUrl, new { category = $"{child}学费", quantity = 1, unitPriceFen = 10_000, note = "" })).ExpectAsync(400);
        Assert.Contains("学习用品", badLine["errors"]!["category"]![0]!.GetValue<string>());
        var badExpense = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = $"{child}学费", amountFen = 10_000, note = "" })).ExpectAsync(400);
        Assert.Contains("学习用品", badExpense["errors"]!["category"]![0]!.GetValue<string>());
        await (await world.Organizer.Http.PostJsonAsync(budgetUrl, new { category = "学习用品", quantity = 1, unitPriceFen = 10_000, note = $"{child}的学费" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "学习用品", amountFen = 10_000, note = $"{child}的学费" })).ExpectAsync(201);

        // A row written before the list existed is shown as 其他.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            db.Expenses.Add(Expense.Record(Guid.Parse(driveId), null, $"{child}路费", 500, "", "", world.Organizer.UserId, app.Clock.GetUtcNow()));
            db.BudgetLines.Add(BudgetLine.Plan(Guid.Parse(world.OrgId), activityId, $"{child}书本", "", 1, 500, app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        var json = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).ExpectAsync(200);
        var html = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}/print")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(child, json.ToJsonString(JsonOptions));
        Assert.DoesNotContain(child, html);
        Assert.Equal(["学习用品", "其他"], json["expenses"]!.AsArray().Select(e => e!.Str("category")));
        Assert.Equal(["学习用品", "其他"], json["budget"]!.AsArray().Select(e => e!.Str("category")));
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task An_organizer_may_let_a_slot_be_over_pledged()
    {
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync(toothbrushTarget: 5, allowOverPledge: true);
        var donor = await app.LogInAsync("donor-feng");
        await (await donor.Http.PostJsonAsync($"/api/drives/{drive.Str("id")}/pledges", new { items = Items(DonationWorld.ItemId(drive, 0), 8) })).ExpectAsync(201);
        var progress = await (await donor.Http.GetAsync($"/api/drives/{drive.Str("id")}")).ExpectAsync(200);
        Assert.Equal(8, progress["items"]![0]!["pledged"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sized_items_need_a_size_and_drafts_take_no_pledges()
    {
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync();
        var donor = await app.LogInAsync("donor-chu");
        var bagId = DonationWorld.ItemId(drive, 1);
        Assert.Equal("item_size_required", (await (await donor.Http.PostJsonAsync($"/api/drives/{drive.Str("id")}/pledges",
            new { items = Items(bagId, 1) })).ExpectAsync(422)).Str("code"));
        await (await donor.Http.PostJsonAsync($"/api/drives/{drive.Str("id")}/pledges", new { items = Items(bagId, 1, "中号") })).ExpectAsync(201);

        var draft = await (await world.Organizer.Http.PostJsonAsync("/api/drives", new
        {
            organizationId = world.OrgId, title = "草稿募捐", description = "", designation = "爱心助学", moneyTargetFen = 10_000, endsAt = app.Clock.GetUtcNow().AddDays(5),
        })).ExpectAsync(201);
        await (await donor.Http.GetAsync($"/api/drives/{draft.Str("id")}")).ExpectAsync(404);
        await (await app.CreateClient().GetAsync($"/api/public/drives/{draft.Str("id")}")).ExpectAsync(404);
        await (await donor.Http.PostJsonAsync($"/api/drives/{draft.Str("id")}/pledges", new { amountFen = 100 })).ExpectAsync(404);
    }

    [Fact]
    public async Task The_public_page_never_shows_a_child_or_an_anonymous_donor()
    {
        const string child = "王小明", anonymousDonor = "钱匿名", namedDonor = "孙公开";
        var world = await DonationWorld.CreateAsync(app);
        var drive = await world.OpenDriveAsync();
        var (driveId, itemId) = (drive.Str("id"), DonationWorld.ItemId(drive, 0));
        var hidden = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges",
            new { amountFen = 30_000, offline = true, donorName = anonymousDonor, anonymous = true, items = Items(itemId, 5) })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 10_000, offline = true, donorName = namedDonor })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{hidden.Str("id")}/receive", new { })).ExpectAsync(200);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{hidden.Str("id")}/distribute", new { className = $"三年级二班 {child}" })).ExpectAsync(200);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses",
            new { category = "文具", amountFen = 5_000, note = $"给{child}买书包", evidenceRef = $"发票-{child}" })).ExpectAsync(201);

        var json = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).Content.ReadAsStringAsync();
        var html = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}/print")).Content.ReadAsStringAsync();
        foreach (var page in new[] { json, html })
        {
            Assert.DoesNotContain(child, page);
            Assert.DoesNotContain(anonymousDonor, page);
            Assert.Contains(namedDonor, page);
            Assert.Contains("爱心人士", page);
        }
        // The organizer's own list still has the real names.
        var pledges = await (await world.Organizer.Http.GetAsync($"/api/drives/{driveId}/pledges")).Content.ReadAsStringAsync();
        Assert.Contains(anonymousDonor, pledges);
    }

    [Fact]
    public async Task The_public_page_reconciles_and_the_budget_shows_planned_against_spent()
    {
        var world = await DonationWorld.CreateAsync(app);
        var activityId = Guid.NewGuid();
        var lines = new List<string>();
        foreach (var (category, quantity, unit) in new[] { ("路费", 1, 40_000), ("资料", 1, 70_000), ("横幅", 2, 8_000), ("文具", 20, 5_500) })
            lines.Add((await (await world.Organizer.Http.PostJsonAsync($"/api/organizations/{world.OrgId}/activities/{activityId}/budget-lines",
                new { category, quantity, unitPriceFen = unit, note = "" })).ExpectAsync(201)).Str("id"));
        var drive = await world.OpenDriveAsync(activityId: activityId);
        var driveId = drive.Str("id");
        var pledge = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 50_000, offline = true, donorName = "周先生" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive", new { amountFen = 48_888 })).ExpectAsync(200);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "路费", amountFen = 38_001, note = "包车", budgetLineId = lines[0] })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "横幅", amountFen = 16_000, note = "", budgetLineId = lines[2] })).ExpectAsync(201);

        var budget = await (await world.Organizer.Http.GetAsync($"/api/organizations/{world.OrgId}/activities/{activityId}/budget")).ExpectAsync(200);
        Assert.Equal(236_000, budget["plannedFen"]!.GetValue<long>());
        Assert.Equal(54_001, budget["spentFen"]!.GetValue<long>());

        var page = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}")).ExpectAsync(200);
        Assert.Equal(48_888, page["raisedFen"]!.GetValue<long>());
        Assert.Equal(50_000, page["pledgedFen"]!.GetValue<long>());
        Assert.Equal(54_001, page["spentFen"]!.GetValue<long>());
        Assert.Equal(48_888 - 54_001, page["balanceFen"]!.GetValue<long>());
        Assert.Equal(54_001, page["expenses"]!.AsArray().Sum(e => e!["amountFen"]!.GetValue<long>()));
        Assert.Equal(236_000, page["budget"]!.AsArray().Sum(b => b!["plannedFen"]!.GetValue<long>()));
        var html = await (await app.CreateClient().GetAsync($"/api/public/drives/{driveId}/print")).Content.ReadAsStringAsync();
        Assert.Contains("¥2360.00", html);
    }

    [Fact]
    public async Task Donors_whose_pledge_has_not_arrived_are_reminded_once_shortly_before_the_drive_ends()
    {
        await using var own = new CareApp();
        await own.InitializeAsync();
        var world = await DonationWorld.CreateAsync(own);
        var drive = await world.OpenDriveAsync();   // ends in 10 days
        var driveId = drive.Str("id");
        var waiting = await own.LogInAsync("donor-wei");
        var delivered = await own.LogInAsync("donor-jiang");
        await (await waiting.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 1_000 })).ExpectAsync(201);
        var done = await (await delivered.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 1_000 })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{done.Str("id")}/receive", new { })).ExpectAsync(200);

        var job = new PledgeReminderJob();
        async Task RunJobAsync()
        {
            await using var scope = own.Services.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
        }
        await RunJobAsync();   // 10 days left: too early
        own.Clock.Advance(TimeSpan.FromDays(8));
        await RunJobAsync();
        await RunJobAsync();   // idempotent

        waiting = await own.LogInAsync("donor-wei");
        delivered = await own.LogInAsync("donor-jiang");
        var inbox = await (await waiting.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.Equal(1, inbox["items"]!.AsArray().Count(m => m!.Str("title") == "认捐提醒"));
        var other = await (await delivered.Http.GetAsync("/api/me/messages")).ExpectAsync(200);
        Assert.DoesNotContain(other["items"]!.AsArray(), m => m!.Str("title") == "认捐提醒");
    }

    [Fact]
    public async Task Organizers_export_pledges_receipts_and_expenses_to_excel()
    {
        var world = await DonationWorld.CreateAsync(app);
        var driveId = (await world.OpenDriveAsync()).Str("id");
        var pledge = await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges", new { amountFen = 20_000, offline = true, donorName = "吴女士" })).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receive", new { })).ExpectAsync(200);
        await (await world.Organizer.Http.PostAsync($"/api/drives/{driveId}/pledges/{pledge.Str("id")}/receipt", null)).ExpectAsync(201);
        await (await world.Organizer.Http.PostJsonAsync($"/api/drives/{driveId}/expenses", new { category = "资料", amountFen = 7_000, note = "复印" })).ExpectAsync(201);

        var response = await world.Organizer.Http.GetAsync($"/api/drives/{driveId}/export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["认捐", "收据", "支出"], file.GetSheetNames());
        var pledges = file.Query(useHeaderRow: true, sheetName: "认捐").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("吴女士", pledges.Single()["捐赠人"]);
        var receipts = file.Query(useHeaderRow: true, sheetName: "收据").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("人民币 贰佰元整", receipts.Single()["大写"]);

        var stranger = await app.LogInAsync("stranger-he");
        await (await stranger.Http.GetAsync($"/api/drives/{driveId}/export")).ExpectAsync(403);
    }
}
