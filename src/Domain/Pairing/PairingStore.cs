using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

/// <summary>How a caller stands to a pairing: one of its mentors, or an organizer of its organisation.</summary>
public sealed record PairingAccess(Pairing Pairing, bool IsMentor, bool IsOrganizer);

/// <summary>Loading pairings, their rules and contacts, and keeping the <see cref="ChildMentor"/> seam in step.</summary>
public static class PairingStore
{
    /// <summary>
    /// Mentors of the pairing while it is active, and organizers of its organisation; everyone else gets 404. A mentor
    /// of an ended pairing (after an end or a handover) is a stranger to it: the children's names and every mentor's
    /// private notes stay with the organisation, which keeps the history. Organizers means a membership: a platform
    /// admin without one is a stranger here too.
    /// </summary>
    public static async Task<PairingAccess> FindPairingAsync(this CareDb db, Guid callerId, Guid pairingId, CancellationToken ct)
    {
        var pairing = await db.Pairings.Include(p => p.Mentors).Include(p => p.Children).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == pairingId, ct)
                      ?? throw new NotFoundException("该结对");
        var mentor = pairing.Active && pairing.Mentors.Any(m => m.UserId == callerId);
        var organizer = await db.HasMembershipAsync(callerId, pairing.OrganizationId, Access.Organizers, ct);
        return mentor || organizer ? new PairingAccess(pairing, mentor, organizer) : throw new NotFoundException("该结对");
    }

    /// <summary>The pairing's own rules, or its organisation's defaults when it has none.</summary>
    public static async Task<List<CadenceRule>> RulesForAsync(this CareDb db, Pairing pairing, CancellationToken ct)
    {
        var own = await db.CadenceRules.AsNoTracking().Where(r => r.PairingId == pairing.Id).ToListAsync(ct);
        if (own.Count > 0) return own;
        return await db.CadenceRules.AsNoTracking().Where(r => r.OrganizationId == pairing.OrganizationId && r.PairingId == null).ToListAsync(ct);
    }

    /// <summary>Reached or tried, by any mentor of the pairing, since <paramref name="sinceUtc"/>.</summary>
    public static Task<List<ContactFact>> FactsAsync(this CareDb db, Guid pairingId, DateTime sinceUtc, CancellationToken ct) =>
        db.ContactLogs.AsNoTracking().Where(c => c.PairingId == pairingId && c.AtUtc >= sinceUtc)
            .Select(c => new ContactFact(c.ChildId, c.MentorUserId, c.Kind, new DateTimeOffset(c.AtUtc, TimeSpan.Zero), c.Outcome)).ToListAsync(ct);

    /// <summary>Statuses of every rule target of the pairing in the periods containing <paramref name="at"/>, for the children it shows.</summary>
    public static async Task<List<(CadenceRule Rule, CadenceStatus Status)>> StatusesAsync(this CareDb db, Pairing pairing, DateTimeOffset at,
        DateTimeOffset now, string consentPolicy, CancellationToken ct)
    {
        var rules = await db.RulesForAsync(pairing, ct);
        return rules.Count == 0 ? [] : await db.StatusesAsync(pairing, rules, await db.ShownChildIdsAsync(pairing, consentPolicy, ct), at, now, ct);
    }

    private static async Task<List<(CadenceRule Rule, CadenceStatus Status)>> StatusesAsync(this CareDb db, Pairing pairing,
        IReadOnlyList<CadenceRule> rules, IReadOnlyCollection<Guid> children, DateTimeOffset at, DateTimeOffset now, CancellationToken ct)
    {
        var since = rules.Min(r => Cadence.PeriodOf(r.Per, at).Start).UtcDateTime;
        var facts = await db.FactsAsync(pairing.Id, since, ct);
        var mentors = pairing.Mentors.Select(m => m.UserId).ToList();
        var startedOn = ChinaTime.DateOf(new DateTimeOffset(pairing.StartedAtUtc, TimeSpan.Zero));
        return rules.SelectMany(r => Cadence.EvaluateAll([r.Spec], children, mentors, facts, at, now, startedOn).Select(s => (r, s))).ToList();
    }

    /// <summary>Rule targets unmet in the period before the current one, for rules whose previous period the pairing covered from its start.</summary>
    public static async Task<List<(CadenceRule Rule, CadenceStatus Status)>> PreviousPeriodLapsesAsync(this CareDb db, Pairing pairing,
        DateTimeOffset now, string consentPolicy, CancellationToken ct)
    {
        var lapses = new List<(CadenceRule, CadenceStatus)>();
        var rules = await db.RulesForAsync(pairing, ct);
        var children = rules.Count == 0 ? [] : await db.ShownChildIdsAsync(pairing, consentPolicy, ct);
        foreach (var rule in rules)
        {
            var previous = Cadence.PeriodOf(rule.Per, now).Previous;
            if (pairing.StartedAtUtc > previous.Start.UtcDateTime) continue;
            lapses.AddRange((await db.StatusesAsync(pairing, [rule], children, previous.Start, now, ct)).Where(x => !x.Status.Met));
        }
        return lapses;
    }

    /// <summary>
    /// Makes <see cref="ChildMentor"/> rows for <paramref name="childIds"/> match the saved active pairings: a row for
    /// every mentor × child of an active pairing, none otherwise. Call after saving the pairing change.
    /// </summary>
    public static async Task SyncMentorSeamAsync(this CareDb db, IReadOnlyCollection<Guid> childIds, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = await (from p in db.Pairings
                            where p.EndedAtUtc == null
                            from c in p.Children
                            where childIds.Contains(c.ChildId)
                            from m in p.Mentors
                            select new { c.ChildId, m.UserId }).Distinct().ToListAsync(ct);
        var existing = await db.ChildMentors.Where(m => childIds.Contains(m.ChildId)).ToListAsync(ct);
        db.ChildMentors.RemoveRange(existing.Where(e => !wanted.Any(w => w.ChildId == e.ChildId && w.UserId == e.MentorUserId)));
        db.ChildMentors.AddRange(wanted.Where(w => !existing.Any(e => e.ChildId == w.ChildId && e.MentorUserId == w.UserId))
            .Select(w => ChildMentor.Pair(w.ChildId, w.UserId, now)));
        await db.SaveChangesAsync(ct);
    }

    public static Task<Dictionary<Guid, string>> UserNamesAsync(this CareDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? "结对人", ct);
    }

    /// <summary>
    /// Names of the children a pairing still shows (<see cref="ShownInPairings"/>). A child who left, whose guardian
    /// asked for deletion (or withdrew consent to the archive), whose consent predates the current policy or whose
    /// archive was erased drops out of pairing pages, cards, reminders and the bot at once; the pairing stays for its
    /// other children.
    /// </summary>
    public static Task<Dictionary<Guid, string>> ChildNamesAsync(this CareDb db, IEnumerable<Guid> ids, string consentPolicy, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return db.Children.AsNoTracking().Where(c => list.Contains(c.Id)).ShownInPairings(consentPolicy)
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>
    /// The children pairings show, count, remind about and take contacts for: active archives with no pending deletion
    /// request, consented under the current policy (<paramref name="consentPolicy"/>, <c>Children:ConsentPolicyVersion</c>).
    /// An outdated consent blocks processing until the guardian renews it (staff and mentors get 422
    /// <c>guardian_consent_outdated</c> for the archive), so pairings treat that child as they treat one with a pending
    /// deletion request: hidden from pages, cards, the bot, reminders, escalations and the organizer views, and not
    /// counted. Only a new contact for it is answered with the archive's 422 (<see cref="LogContactHandler"/>), since
    /// the mentor is told that much by the archive already. Renewing brings the child back.
    /// </summary>
    public static IQueryable<Child> ShownInPairings(this IQueryable<Child> children, string consentPolicy) =>
        children.InPairings().Where(c => c.ConsentPolicyVersion == consentPolicy);

    /// <summary>Children a pairing keeps whatever their consent's policy version: active, with no pending deletion request.</summary>
    public static IQueryable<Child> InPairings(this IQueryable<Child> children) =>
        children.Where(c => c.Status == ChildStatus.Active && c.DeletionRequestedAtUtc == null);

    /// <summary>The pairing's children it still shows and counts (<see cref="ShownInPairings"/>).</summary>
    public static async Task<List<Guid>> ShownChildIdsAsync(this CareDb db, Pairing pairing, string consentPolicy, CancellationToken ct)
    {
        var ids = pairing.Children.Select(c => c.ChildId).ToList();
        return await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id)).ShownInPairings(consentPolicy).Select(c => c.Id).ToListAsync(ct);
    }
}
