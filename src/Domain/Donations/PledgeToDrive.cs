using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

public sealed record PledgeItemInput(Guid ItemId, int Quantity, string? Size);

/// <param name="Offline">An organizer enters a gift made offline: the donor is <paramref name="DonorName"/>, not the caller.</param>
public sealed record PledgeToDriveCommand(
    Guid CallerId, Guid DriveId, long AmountFen, IReadOnlyList<PledgeItemInput> Items, string? DonorName,
    bool Offline, bool Anonymous, bool WantsReceipt) : ICommand<PledgeView>;

public sealed record PledgeLineView(Guid ItemId, int Quantity, string? Size, int ReceivedQuantity);

public sealed record PledgeView(
    Guid Id, Guid DriveId, Guid? DonorUserId, string DonorName, bool Anonymous, bool WantsReceipt, long AmountFen, long ReceivedFen,
    PledgeStatus Status, DateTimeOffset CreatedAt, IReadOnlyList<PledgeLineView> Items)
{
    public static PledgeView From(Pledge p) => new(p.Id, p.DriveId, p.DonorUserId, p.DonorName, p.Anonymous, p.WantsReceipt,
        p.AmountFen, p.ReceivedFen, p.Status, ChinaTime.ToChina(p.CreatedAtUtc),
        p.Lines.Select(l => new PledgeLineView(l.ItemId, l.Quantity, l.Size, l.ReceivedQuantity)).ToList());
}

public sealed class PledgeToDriveValidator : AbstractValidator<PledgeToDriveCommand>
{
    public PledgeToDriveValidator()
    {
        RuleFor(c => c.AmountFen).ValidFen();
        RuleFor(c => c.Items).NotNull().Must(i => i.Count <= 50).WithMessage("一次最多认捐 50 种物品")
            .Must(i => i.Select(x => x.ItemId).Distinct().Count() == i.Count).WithMessage("同一物品请只填写一次");
        RuleForEach(c => c.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.Quantity).InclusiveBetween(1, 100_000).WithMessage("认捐数量必须在 1 到 100000 之间");
            item.RuleFor(i => i.Size).MaximumLength(20);
        });
        RuleFor(c => c.DonorName).MaximumLength(64);
        RuleFor(c => c.DonorName).NotEmpty().When(c => c.Offline).WithMessage("线下捐赠请填写捐赠人姓名");
    }
}

public sealed class PledgeToDriveHandler(CareDb db, TimeProvider clock) : ICommandHandler<PledgeToDriveCommand, PledgeView>
{
    public async ValueTask<PledgeView> Handle(PledgeToDriveCommand cmd, CancellationToken ct)
    {
        var visible = await db.VisibleDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        if (cmd.Offline && !await db.HasRoleAsync(cmd.CallerId, visible.OrganizationId, Access.Organizers, ct))
            throw new ForbiddenException("只有组织者可以登记线下捐赠");
        var donorName = cmd.Offline ? cmd.DonorName! : cmd.DonorName is { Length: > 0 } given ? given
            : await db.Users.Where(u => u.Id == cmd.CallerId).Select(u => u.DisplayName).SingleAsync(ct) ?? Pledge.AnonymousName;
        var now = clock.GetUtcNow();

        try
        {
            return await PledgeAsync(cmd, donorName, now, ct);
        }
        catch (SlotFullException full)
        {
            // Read after the rollback: inside the transaction MariaDB would answer from its (older) snapshot.
            var item = await db.DriveItems.AsNoTracking().SingleAsync(i => i.Id == full.ItemId, ct);
            var remaining = Math.Max(item.Target - item.Pledged, 0);
            throw new DomainException("item_fully_pledged",
                remaining > 0 ? $"“{item.Name}”只差 {remaining} {item.Unit}了，请减少数量" : $"“{item.Name}”已经认捐满了，谢谢您的爱心",
                new Dictionary<string, object?> { ["itemId"] = item.Id, ["remaining"] = remaining, ["requested"] = full.Requested });
        }
    }

    private sealed class SlotFullException(Guid itemId, int requested) : Exception("slot full")
    {
        public Guid ItemId { get; } = itemId;
        public int Requested { get; } = requested;
    }

    private Task<PledgeView> PledgeAsync(PledgeToDriveCommand cmd, string donorName, DateTimeOffset now, CancellationToken ct) =>
        db.InDonationTransaction(async () =>
        {
            var drive = await db.Drives.SingleAsync(d => d.Id == cmd.DriveId, ct);
            drive.EnsureTakesPledges(now);
            var lines = cmd.Items.Select(i => (
                Item: drive.Items.FirstOrDefault(x => x.Id == i.ItemId)
                    ?? throw new DomainException("item_not_in_drive", "该募捐没有这项物品", new Dictionary<string, object?> { ["itemId"] = i.ItemId }),
                i.Quantity, i.Size)).ToList();
            var pledge = Pledge.Create(drive, cmd.Offline ? null : cmd.CallerId, donorName, cmd.Anonymous, cmd.WantsReceipt,
                cmd.AmountFen, lines, cmd.CallerId, now);

            // Slots are taken in a fixed order so two pledges of several items never wait on each other in a cycle.
            foreach (var (item, quantity, _) in lines.OrderBy(l => l.Item.Id))
            {
                if (!await db.TryPledgeItemAsync(item.Id, quantity, ct)) throw new SlotFullException(item.Id, quantity);
                db.DonationLedger.Add(LedgerEntry.Items(drive.Id, LedgerAccount.Pledged, item.Id, quantity, "pledge", cmd.CallerId, now, pledge.Id));
            }
            if (pledge.AmountFen > 0)
                db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Pledged, pledge.AmountFen, "pledge", cmd.CallerId, now, pledge.Id));
            db.Pledges.Add(pledge);
            await db.SaveChangesAsync(ct);
            return PledgeView.From(pledge);
        }, ct);
}
