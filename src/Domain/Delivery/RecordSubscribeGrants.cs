using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Delivery;

/// <summary>
/// The person's answer to a subscribe popup (<c>wx.requestSubscribeMessage</c> reported by the mini-program, or the
/// <c>subscribe_msg_popup_event</c> push): each accepted template adds one send to the ledger; a rejected one zeroes it.
/// The same answer reported by both sides counts once (<see cref="SubscribeGrant.Add"/>).
/// </summary>
public sealed record RecordSubscribeGrantsCommand(
    Guid UserId, IReadOnlyList<string> Accepted, IReadOnlyList<string> Rejected, bool LongTerm, GrantReporter ReportedBy)
    : ICommand<SubscribeGrantsView>;

public sealed record SubscribeGrantsView(IReadOnlyList<SubscribeGrantView> Grants);

public sealed record SubscribeGrantView(string TemplateId, int Remaining, bool LongTerm);

public sealed class RecordSubscribeGrantsValidator : AbstractValidator<RecordSubscribeGrantsCommand>
{
    public RecordSubscribeGrantsValidator()
    {
        RuleFor(c => c.Accepted).NotNull().MaxItems(20);
        RuleFor(c => c.Rejected).NotNull().MaxItems(20);
        RuleForEach(c => c.Accepted).NotEmpty().MaximumLength(128);
        RuleForEach(c => c.Rejected).NotEmpty().MaximumLength(128);
    }
}

public sealed class RecordSubscribeGrantsHandler(CareDb db, TimeProvider clock) : ICommandHandler<RecordSubscribeGrantsCommand, SubscribeGrantsView>
{
    private const int Attempts = 3;

    /// <summary>
    /// Read, change, save; again on a conflict: a send spending the grant at the same moment (the row's version moved),
    /// or the other side's report creating the same new row (unique index).
    /// </summary>
    public async ValueTask<SubscribeGrantsView> Handle(RecordSubscribeGrantsCommand cmd, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordAsync(cmd, ct);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<SubscribeGrantsView> RecordAsync(RecordSubscribeGrantsCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var templates = cmd.Accepted.Concat(cmd.Rejected).Distinct().ToList();
        var existing = await db.SubscribeGrants.Where(g => g.UserId == cmd.UserId && templates.Contains(g.TemplateId)).ToListAsync(ct);
        SubscribeGrant Ledger(string templateId)
        {
            var grant = existing.FirstOrDefault(g => g.TemplateId == templateId);
            if (grant is not null) return grant;
            grant = SubscribeGrant.For(cmd.UserId, templateId, now);
            db.SubscribeGrants.Add(grant);
            existing.Add(grant);
            return grant;
        }
        foreach (var templateId in cmd.Accepted) Ledger(templateId).Add(cmd.LongTerm, cmd.ReportedBy, now);
        foreach (var templateId in cmd.Rejected) Ledger(templateId).Revoke(now);
        await db.SaveChangesAsync(ct);
        return new SubscribeGrantsView(existing.Select(g => new SubscribeGrantView(g.TemplateId, g.Remaining, g.LongTerm)).ToList());
    }
}
