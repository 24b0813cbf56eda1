using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

/// <summary>The donor cancels their pledge (or an organizer does for them); its share of every item slot is freed.</summary>
public sealed record CancelPledgeCommand(Guid CallerId, Guid DriveId, Guid PledgeId) : ICommand<PledgeView>;

/// <summary>An organizer records what actually arrived; null amount/items = exactly as pledged.</summary>
public sealed record ReceivePledgeCommand(Guid CallerId, Guid DriveId, Guid PledgeId, long? AmountFen, IReadOnlyList<PledgeItemInput>? Items)
    : ICommand<PledgeView>;

/// <summary>An organizer corrects a mistyped received amount; the difference is a new ledger entry, never an edit.</summary>
public sealed record CorrectReceivedAmountCommand(Guid CallerId, Guid DriveId, Guid PledgeId, long? AmountFen) : ICommand<PledgeView>;

/// <summary>An organizer records where the things went: an activity and/or a class — never a named child.</summary>
public sealed record DistributePledgeCommand(Guid CallerId, Guid DriveId, Guid PledgeId, Guid? ActivityId, string? ClassName)
    : ICommand<PledgeView>;

public sealed class ReceivePledgeValidator : AbstractValidator<ReceivePledgeCommand>
{
    public ReceivePledgeValidator()
    {
        RuleFor(c => c.AmountFen!.Value).ValidFen().When(c => c.AmountFen is not null).OverridePropertyName("amountFen").WithName("金额");
        RuleForEach(c => c.Items).ChildRules(i => i.RuleFor(x => x.Quantity).InclusiveBetween(0, 100_000).WithMessage("到货数量必须在 0 到 100000 之间"));
        RuleFor(c => c.Items).Must(i => i is null || i.Select(x => x.ItemId).Distinct().Count() == i.Count).WithMessage("同一物品请只填写一次");
    }
}

public sealed class CorrectReceivedAmountValidator : AbstractValidator<CorrectReceivedAmountCommand>
{
    public CorrectReceivedAmountValidator()
    {
        RuleFor(c => c.AmountFen).NotNull().WithMessage("请填写实际到账金额");
        RuleFor(c => c.AmountFen!.Value).ValidFen().When(c => c.AmountFen is not null).OverridePropertyName("amountFen").WithName("金额");
    }
}

public sealed class DistributePledgeValidator : AbstractValidator<DistributePledgeCommand>
{
    public DistributePledgeValidator()
    {
        RuleFor(c => c.ClassName).MaximumLength(50);
        RuleFor(c => c).Must(c => c.ActivityId is not null || !string.IsNullOrWhiteSpace(c.ClassName)).WithName("activityId")
            .WithMessage("请填写发放到的活动或班级");
    }
}

public sealed class ManagePledgeHandler(CareDb db, TimeProvider clock) :
    ICommandHandler<CancelPledgeCommand, PledgeView>,
    ICommandHandler<ReceivePledgeCommand, PledgeView>,
    ICommandHandler<CorrectReceivedAmountCommand, PledgeView>,
    ICommandHandler<DistributePledgeCommand, PledgeView>
{
    public async ValueTask<PledgeView> Handle(CancelPledgeCommand cmd, CancellationToken ct)
    {
        var drive = await db.VisibleDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var isOrganizer = await db.HasRoleAsync(cmd.CallerId, drive.OrganizationId, Access.Organizers, ct);
        var now = clock.GetUtcNow();
        return await db.InDonationTransaction(async () =>
        {
            await db.LockPledgeAsync(cmd.PledgeId, ct);
            var pledge = await db.Pledges.FirstOrDefaultAsync(p => p.Id == cmd.PledgeId && p.DriveId == cmd.DriveId
                && (isOrganizer || p.DonorUserId == cmd.CallerId), ct) ?? throw new NotFoundException("该认捐");
            pledge.Cancel(now);
            await ReleaseAsync(pledge, "cancel", cmd.CallerId, now, ct);
            await db.SaveChangesAsync(ct);
            return PledgeView.From(pledge);
        }, ct);
    }

    public async ValueTask<PledgeView> Handle(ReceivePledgeCommand cmd, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var now = clock.GetUtcNow();
        return await db.InDonationTransaction(async () =>
        {
            var pledge = await LoadAsync(cmd.DriveId, cmd.PledgeId, ct);
            var quantities = cmd.Items?.ToDictionary(i => i.ItemId, i => i.Quantity) ?? pledge.Lines.ToDictionary(l => l.ItemId, l => l.Quantity);
            pledge.Receive(cmd.AmountFen ?? pledge.AmountFen, quantities, now);
            if (pledge.Status == PledgeStatus.Cancelled)
            {
                // Nothing arrived: the pledge is withdrawn like a cancellation, and the donor is told so politely.
                await ReleaseAsync(pledge, "not-received", cmd.CallerId, now, ct);
                if (pledge.DonorUserId is { } absent) db.Send(absent, DonationMessages.NotReceived(drive), now);
                await db.SaveChangesAsync(ct);
                return PledgeView.From(pledge);
            }
            await RecordLinesAsync(pledge, LedgerAccount.Received, l => l.ReceivedQuantity, "receive", cmd.CallerId, now, ct);
            // What was promised but did not come goes back to the slot, so others can pledge it.
            await RecordLinesAsync(pledge, LedgerAccount.Pledged, l => -l.Shortfall, "shortfall", cmd.CallerId, now, ct);
            if (pledge.ReceivedFen > 0)
                db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Received, pledge.ReceivedFen, "receive", cmd.CallerId, now, pledge.Id));
            if (pledge.DonorUserId is { } donor)
                db.Send(donor, DonationMessages.Received(drive, pledge), now);
            await db.SaveChangesAsync(ct);
            return PledgeView.From(pledge);
        }, ct);
    }

    public async ValueTask<PledgeView> Handle(CorrectReceivedAmountCommand cmd, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var now = clock.GetUtcNow();
        return await db.InDonationTransaction(async () =>
        {
            var pledge = await LoadAsync(cmd.DriveId, cmd.PledgeId, ct);
            // A receipt states the amount it was issued for; changing the amount under it would make it wrong.
            if (await db.Receipts.AnyAsync(r => r.PledgeId == pledge.Id, ct))
                throw new ConflictException("receipt_already_issued", "这笔捐赠已经开具收据，不能再修改到账金额");
            var difference = pledge.CorrectReceivedFen(cmd.AmountFen!.Value);
            if (difference != 0)
                db.DonationLedger.Add(LedgerEntry.Money(drive.Id, LedgerAccount.Received, difference, "correct-receive", cmd.CallerId, now, pledge.Id));
            await db.SaveChangesAsync(ct);
            return PledgeView.From(pledge);
        }, ct);
    }

    public async ValueTask<PledgeView> Handle(DistributePledgeCommand cmd, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var now = clock.GetUtcNow();
        return await db.InDonationTransaction(async () =>
        {
            var pledge = await LoadAsync(cmd.DriveId, cmd.PledgeId, ct);
            pledge.Distribute(cmd.ActivityId, cmd.ClassName, now);
            await RecordLinesAsync(pledge, LedgerAccount.Distributed, l => l.ReceivedQuantity, "distribute", cmd.CallerId, now, ct);
            await db.SaveChangesAsync(ct);
            return PledgeView.From(pledge);
        }, ct);
    }

    /// <summary>Frees a withdrawn pledge's share: negative Pledged entries for every line and for the money.</summary>
    private async Task ReleaseAsync(Pledge pledge, string reason, Guid by, DateTimeOffset now, CancellationToken ct)
    {
        await RecordLinesAsync(pledge, LedgerAccount.Pledged, l => -l.Quantity, reason, by, now, ct);
        if (pledge.AmountFen > 0)
            db.DonationLedger.Add(LedgerEntry.Money(pledge.DriveId, LedgerAccount.Pledged, -pledge.AmountFen, reason, by, now, pledge.Id));
    }

    /// <summary>Moves every line's quantity on one account: the item's counter and a ledger entry, in item order.</summary>
    private async Task RecordLinesAsync(Pledge pledge, LedgerAccount account, Func<PledgeLine, int> quantity, string reason, Guid by,
        DateTimeOffset now, CancellationToken ct)
    {
        foreach (var line in pledge.Lines.OrderBy(l => l.ItemId))
        {
            var moved = quantity(line);
            if (moved == 0) continue;
            await db.MoveItemCounterAsync(line.ItemId, account, moved, ct);
            db.DonationLedger.Add(LedgerEntry.Items(pledge.DriveId, account, line.ItemId, moved, reason, by, now, pledge.Id));
        }
    }

    private async Task<Pledge> LoadAsync(Guid driveId, Guid pledgeId, CancellationToken ct)
    {
        await db.LockPledgeAsync(pledgeId, ct);
        return await db.Pledges.FirstOrDefaultAsync(p => p.Id == pledgeId && p.DriveId == driveId, ct) ?? throw new NotFoundException("该认捐");
    }
}

public sealed record ListPledgesQuery(Guid CallerId, Guid DriveId, PageRequest Paging) : IQuery<Page<PledgeView>>;

/// <summary>The full 接龙 with real names, for the organizers of the drive.</summary>
public sealed class ListPledgesHandler(CareDb db) : IQueryHandler<ListPledgesQuery, Page<PledgeView>>
{
    public async ValueTask<Page<PledgeView>> Handle(ListPledgesQuery query, CancellationToken ct)
    {
        await db.OrganizedDriveAsync(query.DriveId, query.CallerId, ct);
        var pledges = db.Pledges.Where(p => p.DriveId == query.DriveId);
        var total = await pledges.CountAsync(ct);
        var rows = await pledges.OrderBy(p => p.CreatedAtUtc).ThenBy(p => p.Id).Skip(query.Paging.Skip).Take(query.Paging.Take).ToListAsync(ct);
        return new Page<PledgeView>(rows.Select(PledgeView.From).ToList(), total);
    }
}
