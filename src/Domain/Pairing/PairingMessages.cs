using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// Where the cadence messages point, and what erasing a child takes from pairings. A message about one child (a
/// reminder, a "try again" suggestion) carries the child's id in its link, so erasure finds it by id, never by its
/// text; an escalation lists several children of one pairing and links to the pairing only.
/// </summary>
public static class PairingMessages
{
    public static string Link(Guid pairingId) => $"pages/pairing/detail?id={pairingId}";

    public static string Link(Guid pairingId, Guid childId) => $"{Link(pairingId)}&childId={childId}";

    /// <summary>
    /// Erasure's share in pairings (in the erasure's transaction): the mentors' contact records about the child, every
    /// queued or inbox message of a pairing the child was in that names it — its reminders and suggestions by the
    /// child's link, and the pairings' escalations and links without a child (messages written before links carried
    /// one), which may name it among other children — and the handover notes of those pairings, free text about
    /// their children. A few messages and notes about the other children of such a pairing go with them: they cannot
    /// be told apart without reading the text. The pairings themselves stay (ids only).
    /// </summary>
    public static async Task ErasePairingTracesAsync(this CareDb db, Guid childId, CancellationToken ct)
    {
        await db.ContactLogs.Where(x => x.ChildId == childId).ExecuteDeleteAsync(ct);
        var pairingIds = await db.Pairings.Where(p => p.Children.Any(c => c.ChildId == childId)).Select(p => p.Id).ToListAsync(ct);
        if (pairingIds.Count == 0) return;
        var links = pairingIds.SelectMany(p => new[] { Link(p), Link(p, childId) }).ToList();
        await db.Outbox.Where(m => links.Contains(m.Link!)).ExecuteDeleteAsync(ct);
        await db.Inbox.Where(m => links.Contains(m.Link!)).ExecuteDeleteAsync(ct);
        await db.Pairings.Where(p => pairingIds.Contains(p.Id) && p.HandoverNote != null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HandoverNote, (string?)null), ct);
    }
}
