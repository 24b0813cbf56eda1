using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>A child the caller is linked to as a parent, as <c>GET /api/me</c> lists it.</summary>
public sealed record MyChild(Guid Id, string Name, string ClassName, Guid OrganizationId);

public static class LinkedChildren
{
    /// <summary>
    /// The caller's linked children (not erased; a deletion request does not hide a child from its parents), with one
    /// audit row per child added to the unit of work. The caller saves before answering.
    /// </summary>
    public static async Task<IReadOnlyList<MyChild>> ShowLinkedChildrenAsync(this CareDb db, Guid callerId, string purpose, DateTimeOffset now, CancellationToken ct,
        string[]? shownFields = null)
    {
        var query = Compiled.GetValue(db.Model, _ => EF.CompileAsyncQuery(Linked));
        var children = new List<MyChild>();
        await foreach (var child in query(db, callerId).WithCancellation(ct)) children.Add(child);
        foreach (var child in children)
            db.ChildReadAudits.Add(ChildReadAudit.Record(child.Id, callerId, "parent", shownFields ?? ["name", "className"], purpose, now));
        return children;
    }

    /// <summary>Compiled and prepared: <c>GET /api/me</c> runs it every time the mini-program opens. One per EF model.</summary>
    private static readonly Expression<Func<CareDb, Guid, IQueryable<MyChild>>> Linked = (db, callerId) =>
        from l in db.GuardianLinks.TagWith(Prepared.Tag)
        join c in db.Children on l.ChildId equals c.Id
        where l.UserId == callerId && c.Status != ChildStatus.Erased
        orderby c.Name, c.Id
        select new MyChild(c.Id, c.Name, c.ClassName, c.OrganizationId);

    private static readonly ConditionalWeakTable<IModel, Func<CareDb, Guid, IAsyncEnumerable<MyChild>>> Compiled = new();
}
