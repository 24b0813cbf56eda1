using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;
using WechatCare.Domain.Pairing;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// The retention pass (run by the bot): erases withdrawn scopes and deletion requests after the grace period and
/// archives of children who left after the retention period, and re-encrypts fields still under an older key.
/// Idempotent: a second run finds nothing to do. Erasure commits on its own, before the re-encryption: a value that
/// cannot be decrypted (its key was dropped from configuration) is counted and left, and never holds up an erasure.
/// </summary>
public sealed record RunChildRetentionCommand(int BatchSize = 200) : ICommand<ChildRetentionResult>;

/// <summary><paramref name="UnreadableIds"/>: the children whose values could not be re-encrypted (ids only, for the log).</summary>
public sealed record ChildRetentionResult(int WithdrawnScopesErased, int ChildrenErased, int ReEncrypted, int Unreadable = 0,
    IReadOnlyList<Guid>? UnreadableIds = null);

public sealed class RunChildRetentionHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options)
    : ICommandHandler<RunChildRetentionCommand, ChildRetentionResult>
{
    public async ValueTask<ChildRetentionResult> Handle(RunChildRetentionCommand cmd, CancellationToken ct)
    {
        // The erasures delete related rows in SQL: all of it commits together.
        var (withdrawn, erased) = await db.InTransaction(() => EraseDueAsync(cmd, ct), ct);
        db.ChangeTracker.Clear();
        var (reEncrypted, unreadable) = await ReEncryptAsync(cmd, ct);
        return new ChildRetentionResult(withdrawn, erased, reEncrypted, unreadable.Count, unreadable);
    }

    private async Task<(int Withdrawn, int Erased)> EraseDueAsync(RunChildRetentionCommand cmd, CancellationToken ct)
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

        await db.SaveChangesAsync(ct);
        return (withdrawn.Count, erase.Count);
    }

    /// <summary>
    /// Re-encrypts children with values under an older key, a page of <see cref="RunChildRetentionCommand.BatchSize"/> at
    /// a time, until at least that many were re-encrypted or none are left. Rows it cannot re-encrypt (a key dropped from
    /// configuration, a damaged value) are left as they are and passed over. They stay stale and keep their place at the
    /// front of the stale rows, so taking "the first N" again would stall the rotation of every other row behind a page
    /// of them: the next page skips the rows passed over so far in this run.
    /// </summary>
    private async Task<(int ReEncrypted, List<Guid> Unreadable)> ReEncryptAsync(RunChildRetentionCommand cmd, CancellationToken ct)
    {
        var (reEncrypted, passedOver, unreadable) = (0, 0, new List<Guid>());
        var current = cipher.CurrentPrefix;
        while (reEncrypted < cmd.BatchSize)
        {
            var stale = await db.Children.Include(c => c.Parents)
                .Where(c => (c.GuardianPhoneCipher != null && !c.GuardianPhoneCipher.StartsWith(current))
                            || (c.GuardianAddressCipher != null && !c.GuardianAddressCipher.StartsWith(current))
                            || (c.HealthNotesCipher != null && !c.HealthNotesCipher.StartsWith(current))
                            || c.Parents.Any(p => (p.PhoneCipher != null && !p.PhoneCipher.StartsWith(current))
                                                  || (p.WorkCityCipher != null && !p.WorkCityCipher.StartsWith(current))))
                .OrderBy(c => c.Id).Skip(passedOver).Take(cmd.BatchSize).ToListAsync(ct);
            if (stale.Count == 0) break;
            foreach (var child in stale)
            {
                try
                {
                    if (child.ReEncrypt(cipher))
                    {
                        reEncrypted++;
                        continue;
                    }
                }
                catch (CryptographicException)
                {
                    unreadable.Add(child.Id);
                }
                // Half re-encrypted in memory, or nothing to do: drop the changes, keep the row as it is.
                passedOver++;
                foreach (var parent in child.Parents) db.Entry(parent).State = EntityState.Detached;
                db.Entry(child).State = EntityState.Detached;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return (reEncrypted, unreadable);
    }

    /// <summary>
    /// Attendance, consents (they name the guardian), links, invites, notes, mentor links, mentors' contact records
    /// (their notes are about the child) and the messages about the child (absences, summaries, weekly cards, approval
    /// requests, pairing reminders and escalations: they name the child) go with it, and so do the handover notes of its
    /// pairings (<see cref="PairingMessages.ErasePairingTracesAsync"/>); read audits (ids only) stay.
    /// </summary>
    private async Task EraseRelatedAsync(Guid childId, CancellationToken ct)
    {
        var (detail, approvalEnd) = (ChildMessages.Link(childId), Participation.ParticipationMessages.LinkEnd(childId));
        await db.Outbox.Where(m => m.Link == detail || m.Link!.EndsWith(approvalEnd)).ExecuteDeleteAsync(ct);
        await db.Inbox.Where(m => m.Link == detail || m.Link!.EndsWith(approvalEnd)).ExecuteDeleteAsync(ct);
        await db.AttendanceCorrections.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.AttendanceRecords.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianConsents.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianInvites.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.GuardianLinks.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildMentors.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ErasePairingTracesAsync(childId, ct);
        await db.WeeklyNotes.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildReportsSent.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        await db.ChildParticipants.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
    }
}
