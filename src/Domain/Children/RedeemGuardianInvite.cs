using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// A parent enters the 6-digit code from the teacher and is linked to the child (mini-program or "绑定 123456" to the bot).
/// <paramref name="ClientAddress"/> is the phone's network address in the mini-program; null from the bot (WeChat's servers call us).
/// </summary>
public sealed record RedeemGuardianInviteCommand(Guid CallerId, string Code, string? ClientAddress = null) : ICommand<LinkedChild>;

public sealed record LinkedChild(Guid ChildId, string Name, Guid OrganizationId);

public sealed class RedeemGuardianInviteValidator : AbstractValidator<RedeemGuardianInviteCommand>
{
    public RedeemGuardianInviteValidator() => RuleFor(c => c.Code).NotEmpty().Matches("^[0-9]{6}$");
}

public sealed class RedeemGuardianInviteHandler(
    CareDb db, FieldCipher cipher, IRateGate gate, ICache cache, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RedeemGuardianInviteCommand, LinkedChild>
{
    public async ValueTask<LinkedChild> Handle(RedeemGuardianInviteCommand cmd, CancellationToken ct)
    {
        // Every attempt counts, right or wrong: a million codes cannot be walked at a few tries per window.
        var limits = options.Value;
        var window = TimeSpan.FromMinutes(limits.InviteGuessWindowMinutes);
        var decision = await gate.TryPassAsync($"wechatcare:rate:guardian-invite:{cmd.CallerId}", limits.InviteGuessesPerWindow, window, ct);
        if (!decision.Allowed) throw new RateLimitedException(decision.RetryAfter);
        if (cmd.ClientAddress is { } address && await BlockedUntilAsync(address, ct) is { } until)
            throw new RateLimitedException(until - clock.GetUtcNow());

        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        // Hashed under every configured key: codes issued before a key rotation still work until they expire.
        var hashes = GuardianInvite.HashesOf(cmd.Code, cipher);
        var invite = await db.GuardianInvites.AsNoTracking()
            .FirstOrDefaultAsync(i => hashes.Contains(i.CodeHash) && i.UsedAtUtc == null && i.ExpiresAtUtc > nowUtc, ct);
        var child = invite is null ? null : await db.Children.AsNoTracking().SingleAsync(c => c.Id == invite.ChildId, ct);
        // Only an active child without a pending deletion request takes new parents: a code issued before the guardian
        // asked for deletion (or before the child left) must not link anyone, nor let them cancel that request.
        if (invite is null || child is null || child.Status != ChildStatus.Active || child.DeletionRequestedAtUtc is not null)
        {
            await CountMissAsync(cmd.ClientAddress, window, ct);
            throw InvalidCode();
        }

        await db.InTransaction(async () =>
        {
            db.ChangeTracker.Clear();   // a retried attempt starts over
            // Used once: of two parents entering the same code at the same moment, only the first takes it.
            var taken = await db.GuardianInvites.Where(i => i.Id == invite.Id && i.UsedAtUtc == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.UsedAtUtc, nowUtc).SetProperty(i => i.UsedBy, cmd.CallerId), ct);
            if (taken == 0) throw InvalidCode();
            if (!await db.GuardianLinks.AnyAsync(l => l.ChildId == child.Id && l.UserId == cmd.CallerId, ct))
                db.GuardianLinks.Add(GuardianLink.Link(child.Id, cmd.CallerId, now));
            // The parent role lets notices for parents reach them.
            if (!await db.Memberships.AnyAsync(m => m.UserId == cmd.CallerId && m.OrganizationId == child.OrganizationId && m.Role == Role.Parent, ct))
                db.Memberships.Add(Membership.Grant(child.OrganizationId, cmd.CallerId, Role.Parent, invite.IssuedBy, now));
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return new LinkedChild(child.Id, child.Name, child.OrganizationId);
    }

    /// <summary>
    /// Per network address only wrong codes count. Forty parents binding at a parents' meeting share the school's Wi-Fi
    /// and rarely mistype; someone walking the code space with many accounts from one address is stopped after a few
    /// dozen misses, for the rest of the window.
    /// </summary>
    private async Task CountMissAsync(string? address, TimeSpan window, CancellationToken ct)
    {
        if (address is null) return;
        var misses = await gate.TryPassAsync(MissesKey(address), options.Value.InviteMissesPerAddress, window, ct);
        if (!misses.Allowed)
        {
            var until = clock.GetUtcNow() + misses.RetryAfter;
            await cache.SetAsync(BlockKey(address), until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), misses.RetryAfter, ct);
        }
    }

    private async Task<DateTimeOffset?> BlockedUntilAsync(string address, CancellationToken ct) =>
        await cache.GetAsync(BlockKey(address), ct) is { } value && long.TryParse(value, CultureInfo.InvariantCulture, out var ms)
        && DateTimeOffset.FromUnixTimeMilliseconds(ms) is var until && until > clock.GetUtcNow()
            ? until
            : null;

    private static string MissesKey(string address) => $"wechatcare:rate:guardian-invite-miss:{address}";
    private static string BlockKey(string address) => $"wechatcare:guardian-invite-blocked:{address}";

    private static DomainException InvalidCode() => new("invalid_invite_code", "绑定码无效或已过期，请向老师重新获取");
}
