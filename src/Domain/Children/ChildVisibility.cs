using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// A child the caller may see and how (computed in the same SQL query). Whoever the rule lets in who is neither staff
/// nor parent is a paired mentor, so that relation needs no column of its own.
/// </summary>
public sealed class VisibleChild
{
    public required Child Child { get; init; }
    public bool Staff { get; init; }
    public bool Parent { get; init; }
    /// <summary>The organisation granted the caller its health notes (counts only while the caller is staff).</summary>
    public bool HealthGrant { get; init; }

    public string Relation => Staff ? "staff" : Parent ? "parent" : "mentor";
}

/// <summary>
/// Who sees which child, enforced in the query: staff (admin/organizer/teacher membership) of the child's organisation,
/// parents linked to the child, and mentors paired with it (<see cref="ChildMentor"/>) while the child is active. Platform
/// admins are not staff of every organisation here: they need a membership like anyone else. A child whose guardian
/// asked for deletion is hidden from everyone but its linked parents until it is erased; a child who left is hidden
/// from its mentors too, as the pairing pages hide both (<c>PairingStore.ShownInPairings</c>). Anything else is 404.
/// </summary>
public static class ChildVisibility
{
    /// <summary>
    /// The rule itself, as one expression: <see cref="VisibleTo"/> and the compiled single read both inline it. Each
    /// relation is a LEFT JOIN on a unique key, so it adds at most one row; in the single read (child by id) MariaDB reads
    /// each as a constant while planning, where it planned a sub-query per relation on every execution before. Staff
    /// takes one join per staff role because a user may hold several roles in one organisation, and only
    /// (organisation, user, role) is unique.
    /// </summary>
    private static readonly Expression<Func<CareDb, Guid, IQueryable<VisibleChild>>> Rule = (db, callerId) =>
        from c in db.Children
        join m in db.Memberships on new { c.OrganizationId, UserId = callerId, Role = Role.Admin } equals new { m.OrganizationId, m.UserId, m.Role } into admins
        from admin in admins.DefaultIfEmpty()
        join m in db.Memberships on new { c.OrganizationId, UserId = callerId, Role = Role.Organizer } equals new { m.OrganizationId, m.UserId, m.Role } into organizers
        from organizer in organizers.DefaultIfEmpty()
        join m in db.Memberships on new { c.OrganizationId, UserId = callerId, Role = Role.Teacher } equals new { m.OrganizationId, m.UserId, m.Role } into teachers
        from teacher in teachers.DefaultIfEmpty()
        join l in db.GuardianLinks on new { ChildId = c.Id, UserId = callerId } equals new { l.ChildId, l.UserId } into links
        from link in links.DefaultIfEmpty()
        join m in db.ChildMentors on new { ChildId = c.Id, MentorUserId = callerId } equals new { m.ChildId, m.MentorUserId } into mentors
        from mentor in mentors.DefaultIfEmpty()
        join g in db.HealthNoteGrants on new { c.OrganizationId, StaffUserId = callerId } equals new { g.OrganizationId, g.StaffUserId } into grants
        from grant in grants.DefaultIfEmpty()
        let staff = admin != null || organizer != null || teacher != null
        where c.Status != ChildStatus.Erased
              && (link != null || (c.DeletionRequestedAtUtc == null && (staff || (mentor != null && c.Status == ChildStatus.Active))))
        select new VisibleChild
        {
            Child = c,
            Staff = staff && c.DeletionRequestedAtUtc == null,
            Parent = link != null,
            HealthGrant = grant != null,
        };

    public static IQueryable<VisibleChild> VisibleTo(this CareDb db, Guid callerId) =>
        ((IQueryable)db.Children).Provider.CreateQuery<VisibleChild>(Inline(Rule, Expression.Constant(db), Captured(callerId)));

    public static async Task<VisibleChild> FindVisibleAsync(this CareDb db, Guid callerId, Guid childId, CancellationToken ct, bool tracked = false)
    {
        var query = db.VisibleTo(callerId).Where(v => v.Child.Id == childId);
        var found = tracked ? await query.SingleOrDefaultAsync(ct) : await query.AsNoTracking().SingleOrDefaultAsync(ct);
        return found ?? throw new NotFoundException("该儿童档案");
    }

    /// <summary>Staff (teacher/organizer/admin of the child's organisation) only; parents and mentors get 404 like strangers.</summary>
    public static async Task<VisibleChild> FindAsStaffAsync(this CareDb db, Guid callerId, Guid childId, CancellationToken ct, bool tracked = false)
    {
        var found = await db.FindVisibleAsync(callerId, childId, ct, tracked);
        return found.Staff ? found : throw new NotFoundException("该儿童档案");
    }

    /// <summary>A newer privacy policy blocks processing by staff and mentors until the guardian renews consent.</summary>
    public static void EnsureConsentCurrent(this VisibleChild visible, ChildrenOptions options)
    {
        if (visible.Child.ConsentPolicyVersion != options.ConsentPolicyVersion && !visible.Parent)
            throw new DomainException("guardian_consent_outdated", "隐私政策已更新，需监护人重新确认同意后才能继续使用该档案",
                new Dictionary<string, object?> { ["policyVersion"] = options.ConsentPolicyVersion, ["consentedVersion"] = visible.Child.ConsentPolicyVersion });
    }

    /// <summary>
    /// The one way a child's record is shown: trims the fields to what the relation allows, decrypts them, and adds
    /// exactly one audit row (who, when, which fields, why) to the unit of work. The caller saves.
    /// </summary>
    public static async Task<ChildView> ShowAsync(this CareDb db, VisibleChild visible, Guid callerId, string purpose,
        FieldCipher cipher, DateTimeOffset now, CancellationToken ct)
    {
        var parents = ShowsParents(visible)
            ? await db.ParentContacts.AsNoTracking().Where(p => p.ChildId == visible.Child.Id).OrderBy(p => p.Name).ToListAsync(ct)
            : [];
        var (view, audit) = Show(visible, parents, callerId, purpose, cipher, now);
        db.ChildReadAudits.Add(audit);
        return view;
    }

    /// <summary>
    /// The child the caller may see and its parents' contacts (still encrypted) in one query; whether they are shown is
    /// decided by <see cref="Show"/>, as for the health notes the row carries.
    /// </summary>
    public static async Task<(VisibleChild Visible, IReadOnlyList<ParentContact> Parents)> FindVisibleWithParentsAsync(this CareDb db, Guid callerId,
        Guid childId, CancellationToken ct)
    {
        var found = new List<VisibleWithParents>(1);
        var query = SingleReads.GetValue(db.Model, _ => EF.CompileAsyncQuery(SingleRead));
        await foreach (var row in query(db, callerId, childId).WithCancellation(ct)) found.Add(row);
        if (found is not [var only]) throw new NotFoundException("该儿童档案");
        only.Parents.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (only.Visible, only.Parents);
    }

    public sealed record VisibleWithParents(VisibleChild Visible, List<ParentContact> Parents);

    /// <summary>
    /// The single read, compiled: the hottest query of the archive. Building and hashing the rule's expression tree on
    /// every call was half its host CPU (the scoped read went from 0.55 to 0.26 ms per request once compiled). ToList
    /// rather than SingleOrDefault: with LIMIT 2 EF wraps the child in a derived table that MariaDB materialises before
    /// joining the parents. The id is the key. The parents are sorted here, not in SQL: ordering only by the joined
    /// rows' keys, which the key lookups make constant, MariaDB needs no temporary table. Tagged to run as a prepared
    /// statement on MariaDB.
    /// </summary>
    private static readonly Expression<Func<CareDb, Guid, Guid, IQueryable<VisibleWithParents>>> SingleRead = ComposeSingleRead(
        (visible, childId) => visible.AsNoTracking().TagWith(Prepared.Tag).Where(v => v.Child.Id == childId)
            .Select(v => new VisibleWithParents(v, v.Child.Parents.ToList())));

    /// <summary>A compiled query serves one model only: one per model (SQLite and MariaDB hosts share the test process).</summary>
    private static readonly ConditionalWeakTable<IModel, Func<CareDb, Guid, Guid, IAsyncEnumerable<VisibleWithParents>>> SingleReads = new();

    private static Expression<Func<CareDb, Guid, Guid, IQueryable<VisibleWithParents>>> ComposeSingleRead(
        Expression<Func<IQueryable<VisibleChild>, Guid, IQueryable<VisibleWithParents>>> read)
    {
        var db = Expression.Parameter(typeof(CareDb), "db");
        var callerId = Expression.Parameter(typeof(Guid), "callerId");
        var childId = Expression.Parameter(typeof(Guid), "childId");
        return Expression.Lambda<Func<CareDb, Guid, Guid, IQueryable<VisibleWithParents>>>(
            Inline(read, Inline(Rule, db, callerId), childId), db, callerId, childId);
    }

    /// <summary>The body of <paramref name="lambda"/> with its parameters replaced by <paramref name="arguments"/>.</summary>
    private static Expression Inline(LambdaExpression lambda, params Expression[] arguments) =>
        new Substitution(lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second)).Visit(lambda.Body);

    /// <summary>A value EF sends as a SQL parameter (a closure field, as a captured local would be).</summary>
    private static Expression Captured(Guid value) => Expression.Field(Expression.Constant(new StrongBox<Guid>(value)), nameof(StrongBox<Guid>.Value));

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);
    }

    private static bool ShowsParents(VisibleChild visible) => (visible.Staff || visible.Parent) && visible.Child.Scopes.HasFlag(ConsentScopes.ParentsContact);

    /// <summary>The view the relation allows (decrypted) and its audit row; <paramref name="parents"/> are shown only if the relation and consent allow.</summary>
    public static (ChildView View, ChildReadAudit Audit) Show(VisibleChild visible, IReadOnlyList<ParentContact> parents, Guid callerId, string purpose,
        FieldCipher cipher, DateTimeOffset now)
    {
        var c = visible.Child;
        var full = visible.Staff || visible.Parent;
        var scopes = c.Scopes;
        var fields = new List<string> { "name", "grade", "hobbies" };
        var view = new ChildView
        {
            Id = c.Id,
            OrganizationId = c.OrganizationId,
            Name = c.Name,
            Grade = c.Grade,
            Hobbies = c.Hobbies,
            Relation = visible.Relation,
        };
        if (full)
        {
            fields.AddRange(["gender", "birthDate", "className", "leftBehind", "guardian", "personality", "status", "consent"]);
            view = view with
            {
                Gender = c.Gender,
                BirthDate = c.BirthDate,
                ClassName = c.ClassName,
                LeftBehind = c.LeftBehind,
                Guardian = new GuardianView(c.GuardianName, c.GuardianRelation, cipher.DecryptOrNull(c.GuardianPhoneCipher), cipher.DecryptOrNull(c.GuardianAddressCipher)),
                Personality = c.Personality,
                Status = c.Status,
                Consent = ConsentView.Of(c),
            };
            if (ShowsParents(visible))
            {
                view = view with { Parents = parents.Select(p => new ParentView(p.Name, cipher.DecryptOrNull(p.PhoneCipher), cipher.DecryptOrNull(p.WorkCityCipher))).ToList() };
                fields.Add("parents");
            }
            if (scopes.HasFlag(ConsentScopes.HealthNotes) && (visible.Parent || (visible.Staff && visible.HealthGrant)) && c.HealthNotesCipher is not null)
            {
                view = view with { HealthNotes = cipher.Decrypt(c.HealthNotesCipher) };
                fields.Add("healthNotes");
            }
        }
        return (view, ChildReadAudit.Record(c.Id, callerId, visible.Relation, fields, purpose, now));
    }
}
