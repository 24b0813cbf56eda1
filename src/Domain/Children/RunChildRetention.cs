using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// The retention pass (run by the bot): erases withdrawn scopes and deletion requests after the grace period and
/// archives of children who left after the retention period, and re-encrypts fields still under an older key.
/// Idempotent: a second run finds nothing to do.
/// </summary>
public sealed record RunChildRetentionCommand(int BatchSize = 200) : ICommand<ChildRetentionResult>;

public sealed record ChildRetentionResult(int WithdrawnScopesErased, int ChildrenErased, int ReEncrypted);

public sealed class RunChildRetentionHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RunChildRetentionCommand, ChildRetentionResult>
{
    public async ValueTask<ChildRetentionResult> Handle(RunChildRetentionCommand cmd, CancellationToken ct)
    {
        // The erasures delete related rows in SQL: all of it commits together.
        return await db.InTransaction(() => RunAsync(cmd, ct), ct);
    }

    private async Task<ChildRetentionResult> RunAsync(RunChildRetentionCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var graceEnded = now.AddDays(-options.Value.ErasureGraceDays);
        var leftLongAgo = now.AddDays(-options.Value.EraseLeftAfterDays);

        var erase = await db.Children.Include(c => c.Parents)
            .Where(c => c.Status != ChildStatus.Erased
                        && ((c.DeletionRequestedAtUtc != null && c.DeletionRequestedAtUtc <= graceEnded)
                            || (c.Status == ChildStatus.Left && c.LeftAtUtc <= leftLongAgo)))
            .OrderBy(c => c.Id).Take(cmd.BatchSize).ToListAsync(ct);
        foreach (var child in erase)
        {
            child.Erase();
            await EraseRelatedAsync(child.Id, ct);
        }

        var withdrawn = await db.Children.Include(c => c.Parents)
            .Where(c => c.Status != ChildStatus.Erased && c.PendingErasureBits != 0 && c.PendingErasureSinceUtc <= graceEnded)
            .OrderBy(c => c.Id).Take(cmd.BatchSize).ToListAsync(ct);
        foreach (var child in withdrawn) child.EraseWithdrawnData();

        var reEncrypted = 0;
        var current = cipher.CurrentPrefix;
        var stale = await db.Children.Include(c => c.Parents)
            .Where(c => (c.GuardianPhoneCipher != null && !c.GuardianPhoneCipher.StartsWith(current))
                        || (c.GuardianAddressCipher != null && !c.GuardianAddressCipher.StartsWith(current))
                        || (c.HealthNotesCipher != null && !c.HealthNotesCipher.StartsWith(current))
                        || c.Parents.Any(p => (p.PhoneCipher != null && !p.PhoneCipher.StartsWith(current))
                                              || (p.WorkCityCipher != null && !p.WorkCityCipher.StartsWith(current))))
            .OrderBy(c => c.Id).Take(cmd.BatchSize).ToListAsync(ct);
        foreach (var child in stale) if (child.ReEncrypt(cipher)) reEncrypted++;

        await db.SaveChangesAsync(ct);
        return new ChildRetentionResult(withdrawn.Count, erase.Count, reEncrypted);
    }

    /// <summary>Attendance, consents (they name the guardian), links, invites, notes and mentor links go with the child; read audits (ids only) stay.</summary>
    private async Task EraseRelatedAsync(Guid childId, CancellationToken ct)
    {
        await db.AttendanceCorrections.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.AttendanceRecords.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianConsents.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianInvites.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianLinks.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildMentors.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.WeeklyNotes.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildReportsSent.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildParticipants.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
    }
}
