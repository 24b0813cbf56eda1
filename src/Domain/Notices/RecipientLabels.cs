using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Notices;

/// <summary>
/// How a person a notice went to is named to staff, who must be able to act on the name (find the family, phone them).
/// <see cref="Identity.User.DisplayName"/> is no help: people never set one. A parent is named by the children of the
/// organisation the reader sees as staff (<see cref="ChildVisibility"/>), grouped by class: "四年级二班 王小明、王小红的家长";
/// a volunteer by the real name of their volunteer profile (organizers see it on the sign-up list too; the phone is
/// shown to organizers nowhere, so not here either); someone who is both by both: "李芳（四年级二班 王小明的家长）".
/// </summary>
public static class RecipientLabels
{
    /// <summary>Nothing the reader may see names the person.</summary>
    public const string Unnamed = "未登记姓名的用户";

    /// <summary>Fields of a child's record a label shows (see <see cref="ChildReadWording"/>).</summary>
    private static readonly string[] ShownFields = ["name", "className"];

    /// <summary>
    /// Labels for <paramref name="userIds"/> as <paramref name="readerId"/>, staff of <paramref name="organizationId"/>, may see
    /// them. Writes nothing: whoever shows a label records the children it names with <see cref="AuditShown"/>.
    /// </summary>
    public static async Task<Dictionary<Guid, RecipientLabel>> ForStaffAsync(CareDb db, Guid readerId, Guid organizationId,
        IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var children = await (
            from v in db.VisibleTo(readerId)
            where v.Staff && v.Child.OrganizationId == organizationId
            join l in db.GuardianLinks on v.Child.Id equals l.ChildId
            where ids.Contains(l.UserId)
            select new { l.UserId, ChildId = v.Child.Id, v.Child.Name, v.Child.ClassName })
            .AsNoTracking().ToListAsync(ct);
        var realNames = await db.HasRoleAsync(readerId, organizationId, Access.Staff, ct)
            ? await db.VolunteerProfiles.AsNoTracking().Where(p => ids.Contains(p.UserId) && p.RealName != "")
                .Select(p => new { p.UserId, p.RealName }).ToDictionaryAsync(p => p.UserId, p => p.RealName, ct)
            : [];
        var byParent = children.ToLookup(c => c.UserId);

        var labels = new Dictionary<Guid, RecipientLabel>(ids.Count);
        foreach (var id in ids)
        {
            var mine = byParent[id].OrderBy(c => c.ClassName, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
            var parentOf = mine.Count == 0 ? null
                : string.Join('、', mine.GroupBy(c => c.ClassName).Select(g => $"{g.Key} {string.Join('、', g.Select(c => c.Name))}".Trim())) + "的家长";
            var realName = realNames.GetValueOrDefault(id);
            var text = (realName, parentOf) switch
            {
                ({ } name, { } parent) => $"{name}（{parent}）",
                ({ } name, null) => name,
                (null, { } parent) => parent,
                _ => Unnamed,
            };
            labels[id] = new RecipientLabel(id, text, mine.Select(c => c.ChildId).ToList());
        }
        return labels;
    }

    /// <summary>One read audit per child the shown labels name, added to the unit of work (the caller saves).</summary>
    public static void AuditShown(CareDb db, Guid readerId, IEnumerable<RecipientLabel> shown, string purpose, DateTimeOffset now)
    {
        foreach (var childId in shown.SelectMany(l => l.ChildIds).Distinct())
            db.ChildReadAudits.Add(ChildReadAudit.Record(childId, readerId, "staff", ShownFields, purpose, now));
    }
}

/// <param name="ChildIds">The children the label names (each shown is an audited read of their name and class).</param>
public sealed record RecipientLabel(Guid UserId, string Text, IReadOnlyList<Guid> ChildIds);
