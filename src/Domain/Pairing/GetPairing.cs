using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>Members and, per cadence rule target, due/done/overdue in the current period. Mentors see only their own per-mentor targets.</summary>
public sealed record GetPairingQuery(Guid CallerId, Guid PairingId) : IQuery<PairingView>;

public sealed class GetPairingHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : IQueryHandler<GetPairingQuery, PairingView>
{
    public async ValueTask<PairingView> Handle(GetPairingQuery query, CancellationToken ct)
    {
        var access = await db.FindPairingAsync(query.CallerId, query.PairingId, ct);
        var p = access.Pairing;
        var now = clock.GetUtcNow();
        var mentorNames = await db.UserNamesAsync(p.Mentors.Select(m => m.UserId), ct);
        var policy = options.Value.ConsentPolicyVersion;
        var childNames = await db.ChildNamesAsync(p.Children.Select(c => c.ChildId), policy, ct);
        var at = p.EndedAtUtc is { } ended ? new DateTimeOffset(ended, TimeSpan.Zero).AddSeconds(-1) : now;
        var statuses = await db.StatusesAsync(p, at, now, policy, ct);
        var visible = statuses.Where(s => access.IsOrganizer || s.Status.MentorId is null || s.Status.MentorId == query.CallerId);
        return new PairingView(p.Id, p.OrganizationId, p.Kind, ChinaTime.ToChina(p.StartedAtUtc), p.EndedAtUtc is { } e ? ChinaTime.ToChina(e) : null,
            p.Mentors.Select(m => new MemberView(m.UserId, mentorNames.GetValueOrDefault(m.UserId, "结对人"))).ToList(),
            p.Children.Where(c => childNames.ContainsKey(c.ChildId)).Select(c => new MemberView(c.ChildId, childNames[c.ChildId])).ToList(),
            visible.Select(s => s.Status.View()).ToList(), p.HandoverNote, access.IsOrganizer ? p.PreviousPairingId : null);
    }
}
