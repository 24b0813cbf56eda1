using WechatCare.Domain.Data;
using WechatCare.Domain.Donations;

namespace WechatCare.Api.Demo;

/// <summary>
/// The seed's drive (募集爱心资金500元, 儿童牙刷牙膏75套, 书包, 字典) with a few pledges, and the activity budget
/// (路费 400, 资料 700, 横幅 80×2, 文具 55×20 … 共计 2360). The activity id is a placeholder until the Activities
/// feature seeds its own activity (drives keep a plain id, no foreign key).
/// </summary>
public static class DonationsDemo
{
    public static readonly Guid DemoActivityId = Guid.Parse("0197a000-0000-7000-8000-00000000d0a7");

    public static async Task SeedAsync(DemoWorld world)
    {
        var (db, now) = (world.Db, world.Now);
        var organizer = world.People["demo-organizer"];
        var drive = Drive.Create(world.Association.Id, "爱心助学·秋季物资募集", "为七星关区希望小学的孩子们募集学习和生活用品。", "爱心助学",
            50_000, Drive.DefaultReceiptThresholdFen, DemoActivityId, now, now.AddDays(30), organizer.Id, now);
        var toothbrushes = drive.AddItem("儿童牙刷、牙膏", "套", 75, null, false);
        var bags = drive.AddItem("书包", "个", 30, ["小号", "中号"], false);
        var dictionaries = drive.AddItem("新华字典", "本", 40, null, false);
        drive.Open(now);
        db.Drives.Add(drive);

        void AddPledge(string person, string name, bool anonymous, long fen, params (DriveItem Item, int Quantity, string? Size)[] lines)
        {
            var pledge = Pledge.Create(drive, world.People[person].Id, name, anonymous, false, fen, lines, world.People[person].Id, now);
            db.Pledges.Add(pledge);
            foreach (var (item, quantity, _) in lines)
                db.DonationLedger.Add(LedgerEntry.Items(drive.Id, LedgerAccount.Pledged, item.Id, quantity, "pledge", organizer.Id, now, pledge.Id));
            if (fen > 0) db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Pledged, fen, "pledge", organizer.Id, now, pledge.Id));
        }
        AddPledge("demo-volunteer-1", "张同学", false, 20_000, (toothbrushes, 10, null));
        AddPledge("demo-volunteer-2", "刘同学", true, 5_000, (dictionaries, 5, null));
        AddPledge("demo-volunteer-3", "陈阿姨", false, 0, (bags, 4, "中号"));
        await db.SaveChangesAsync();
        // Counters follow the ledger above (demo data skips the conditional updates a live pledge uses).
        await db.MoveItemCounterAsync(toothbrushes.Id, LedgerAccount.Pledged, 10, default);
        await db.MoveItemCounterAsync(dictionaries.Id, LedgerAccount.Pledged, 5, default);
        await db.MoveItemCounterAsync(bags.Id, LedgerAccount.Pledged, 4, default);

        (string Category, string Note, int Quantity, long UnitFen)[] budget =
            [("路费", "往返包车", 1, 40_000), ("资料", "学习资料印刷", 1, 70_000), ("横幅", "活动横幅", 2, 8_000), ("文具", "文具礼包", 20, 5_500)];
        foreach (var (category, note, quantity, unit) in budget)
            db.BudgetLines.Add(BudgetLine.Plan(world.Association.Id, DemoActivityId, category, note, quantity, unit, now));
        await db.SaveChangesAsync();
    }
}
