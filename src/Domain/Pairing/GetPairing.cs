using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// Members and, per cadence rule target, due/done/overdue in the current period. Mentors see only their own per-mentor
/// targets. An audited read: one row per child shown (<see cref="PairingReads"/>).
/// </summary>
public sealed record GetPairingQuery(Guid CallerId, Guid PairingId) : IQuery<PairingView>;

public sealed class GetPairingHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : IQueryHandler<GetPairingQuery, PairingView>
{
    public ValueTask<PairingView> Handle(GetPairingQuery query, CancellationToken ct) =>
        new(ShowAsync(query.CallerId, query.PairingId, PairingReads.GetPairing, ct));

    /// <summary>The pairing page as <paramref name="purpose"/> answers it, with its audit rows saved before it is returned.</summary>
    internal async Task<PairingView> ShowAsync(Guid callerId, Guid pairingId, string purpose, CancellationToken ct)
    {
        var (view, relation) = await ViewAsync(callerId, pairingId, ct);
        db.AuditChildReads(view.Children.Select(c => c.Id), callerId, relation, PairingReads.PageFields, purpose, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>The page and the caller's relation, not audited: whoever shows it records what it shows.</summary>
    internal async Task<(PairingView View, string Relation)> ViewAsync(Guid callerId, Guid pairingId, CancellationToken ct)
    {
        var access = await db.FindPairingAsync(callerId, pairingId, ct);
        var p = access.Pairing;
        var now = clock.GetUtcNow();
        var mentorNames = await db.UserNamesAsync(p.Mentors.Select(m => m.UserId), ct);
        var policy = options.Value.ConsentPolicyVersion;
        var childNames = await db.ChildNamesAsync(p.Children.Select(c => c.ChildId), policy, ct);
        var at = p.EndedAtUtc is { } ended ? new DateTimeOffset(ended, TimeSpan.Zero).AddSeconds(-1) : now;
        var statuses = await db.StatusesAsync(p, at, now, policy, ct);
        var visible = statuses.Where(s => access.IsOrganizer || s.Status.MentorId is null || s.Status.MentorId == callerId);
        var view = new PairingView(p.Id, p.OrganizationId, p.Kind, ChinaTime.ToChina(p.StartedAtUtc), p.EndedAtUtc is { } e ? ChinaTime.ToChina(e) : null,
            p.Mentors.Select(m => new MemberView(m.UserId, mentorNames.GetValueOrDefault(m.UserId, "结对人"))).ToList(),
            p.Children.Where(c => childNames.ContainsKey(c.ChildId)).Select(c => new MemberView(c.ChildId, childNames[c.ChildId])).ToList(),
            visible.Select(s => s.Status.View()).ToList(), p.HandoverNote, access.IsOrganizer ? p.PreviousPairingId : null);
        return (view, access.Relation());
    }
}
