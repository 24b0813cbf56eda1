using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

/// <summary>
/// The donor (for their own pledge) or an organizer asks for the receipt of a pledge whose money has arrived.
/// <paramref name="DonorName"/> is the receipt's 抬头 when the pledge has no real name (it asked for no receipt then).
/// </summary>
public sealed record IssueReceiptCommand(Guid CallerId, Guid DriveId, Guid PledgeId, string? DonorName = null) : ICommand<ReceiptView>;

public sealed class IssueReceiptValidator : AbstractValidator<IssueReceiptCommand>
{
    public IssueReceiptValidator() => RuleFor(c => c.DonorName).MaximumLength(50);
}

public sealed record ReceiptView(
    Guid Id, string Number, Guid OrganizationId, string OrganizationName, Guid DriveId, string DriveTitle, Guid PledgeId,
    string DonorName, long AmountFen, string AmountYuan, string AmountInWords, string Designation, DateTimeOffset IssuedAt,
    string VerificationCode);

public sealed class IssueReceiptHandler(CareDb db, TimeProvider clock) : ICommandHandler<IssueReceiptCommand, ReceiptView>
{
    public async ValueTask<ReceiptView> Handle(IssueReceiptCommand cmd, CancellationToken ct)
    {
        var drive = await db.VisibleDriveAsync(cmd.DriveId, cmd.CallerId, ct);
        var isOrganizer = await db.HasRoleAsync(cmd.CallerId, drive.OrganizationId, Access.Organizers, ct);
        if (!await db.Pledges.AnyAsync(p => p.Id == cmd.PledgeId && p.DriveId == drive.Id && (isOrganizer || p.DonorUserId == cmd.CallerId), ct))
            throw new NotFoundException("该认捐");
        var now = clock.GetUtcNow();
        var year = ChinaTime.ToChina(now).Year;
        await db.EnsureReceiptCounterAsync(drive.OrganizationId, year, ct);

        var receipt = await db.InDonationTransaction(async () =>
        {
            // The number is taken first: its row lock serialises every issue of this organisation and year, so the
            // checks below cannot race, and throwing rolls the number back.
            var sequence = await db.TakeReceiptNumberAsync(drive.OrganizationId, year, ct);
            var pledge = await db.Pledges.SingleAsync(p => p.Id == cmd.PledgeId, ct);
            if (pledge.Status is not (PledgeStatus.Received or PledgeStatus.Distributed))
                throw new DomainException("pledge_not_received", "善款到账后才能开具收据");
            if (pledge.ReceivedFen < drive.ReceiptThresholdFen) throw Pledge.ReceiptBelowThreshold(drive.ReceiptThresholdFen, pledge.ReceivedFen);
            if (await db.Receipts.AnyAsync(r => r.PledgeId == pledge.Id, ct))
                throw new ConflictException("receipt_already_issued", "这笔捐赠已经开具过收据");
            // A pledge made without asking for a receipt may carry no real name (爱心人士): a receipt needs one.
            var donorName = cmd.DonorName?.Trim() is { Length: > 0 } typed ? typed : pledge.DonorName;
            if (string.IsNullOrWhiteSpace(donorName) || donorName == Pledge.AnonymousName)
                throw new DomainException("donor_name_required", "开具收据需要捐赠人姓名，请填写收据抬头");
            var issued = Receipt.Issue(drive, pledge, donorName, year, sequence, cmd.CallerId, now);
            db.Receipts.Add(issued);
            if (issued.DonorUserId is { } donor) db.Send(donor, DonationMessages.ReceiptIssued(issued), now);
            await db.SaveChangesAsync(ct);
            return issued;
        }, ct);
        return await ReceiptViews.ViewAsync(db, receipt, ct);
    }
}

public static class ReceiptViews
{
    public static async Task<ReceiptView> ViewAsync(CareDb db, Receipt r, CancellationToken ct)
    {
        var organization = await db.Organizations.Where(o => o.Id == r.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var drive = await db.Drives.IgnoreAutoIncludes().Where(d => d.Id == r.DriveId).Select(d => d.Title).SingleAsync(ct);
        return new ReceiptView(r.Id, r.Number, r.OrganizationId, organization, r.DriveId, drive, r.PledgeId, r.DonorName, r.AmountFen,
            Money.Yuan(r.AmountFen), r.AmountInWords, r.Designation, ChinaTime.ToChina(r.IssuedAtUtc), r.VerificationCode);
    }
}

public sealed record GetReceiptQuery(Guid CallerId, Guid ReceiptId) : IQuery<ReceiptView>;

/// <summary>The receipt for its donor and the organisation's organizers; 404 for everyone else.</summary>
public sealed class GetReceiptHandler(CareDb db) : IQueryHandler<GetReceiptQuery, ReceiptView>
{
    public async ValueTask<ReceiptView> Handle(GetReceiptQuery query, CancellationToken ct)
    {
        var receipt = await db.Receipts.FirstOrDefaultAsync(r => r.Id == query.ReceiptId, ct) ?? throw new NotFoundException("该收据");
        if (receipt.DonorUserId != query.CallerId && !await db.HasRoleAsync(query.CallerId, receipt.OrganizationId, Access.Organizers, ct))
            throw new NotFoundException("该收据");
        return await ReceiptViews.ViewAsync(db, receipt, ct);
    }
}

/// <summary>What anyone holding the printed receipt can check: the donor's name is masked except its first character.</summary>
public sealed record ReceiptVerification(bool Valid, string Number, string OrganizationName, string DonorName, long AmountFen,
    string AmountInWords, string Designation, DateTimeOffset IssuedAt);

public sealed record VerifyReceiptQuery(string Code) : IQuery<ReceiptVerification>;

public sealed class VerifyReceiptHandler(CareDb db) : IQueryHandler<VerifyReceiptQuery, ReceiptVerification>
{
    public async ValueTask<ReceiptVerification> Handle(VerifyReceiptQuery query, CancellationToken ct)
    {
        var receipt = await db.Receipts.FirstOrDefaultAsync(r => r.VerificationCode == query.Code, ct) ?? throw new NotFoundException("该收据");
        var view = await ReceiptViews.ViewAsync(db, receipt, ct);
        var masked = view.DonorName.Length <= 1 ? view.DonorName : view.DonorName[..1] + new string('*', view.DonorName.Length - 1);
        return new ReceiptVerification(true, view.Number, view.OrganizationName, masked, view.AmountFen, view.AmountInWords, view.Designation, view.IssuedAt);
    }
}
