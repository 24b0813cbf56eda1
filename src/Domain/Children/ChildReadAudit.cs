namespace WechatCare.Domain.Children;

/// <summary>
/// One read of a child's record: who, when, which fields, why. Append-only: <see cref="Data.IAppendOnly"/> makes
/// SaveChanges refuse to update or delete it, and database triggers refuse raw UPDATE/DELETE. Holds ids only.
/// </summary>
public sealed class ChildReadAudit : Data.IAppendOnly
{
    private ChildReadAudit() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid ReaderUserId { get; private set; }
    /// <summary>staff, parent or mentor (the relation that let the reader in).</summary>
    public string Relation { get; private set; } = "";
    /// <summary>Comma-separated names of the fields the reader was shown.</summary>
    public string Fields { get; private set; } = "";
    /// <summary>The use case that read it (e.g. <c>GetChild</c>, <c>ExportChildData</c>).</summary>
    public string Purpose { get; private set; } = "";
    public DateTime ReadAtUtc { get; private set; }

    public static ChildReadAudit Record(Guid childId, Guid reader, string relation, IEnumerable<string> fields, string purpose, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ChildId = childId,
        ReaderUserId = reader,
        Relation = relation,
        Fields = string.Join(',', fields),
        Purpose = purpose,
        ReadAtUtc = now.UtcDateTime,
    };
}
