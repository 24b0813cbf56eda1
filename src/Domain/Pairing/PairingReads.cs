using WechatCare.Domain.Children;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// The audit of pairing pages, cards, lists and bot answers that show children: like every read of a child's fields,
/// each adds one <see cref="ChildReadAudit"/> row per child shown (a list: per child on the page answered), with the
/// relation that let the caller in, the fields shown and the use case. The guardian's read log words the purposes
/// and fields (<see cref="ChildReadWording"/>).
/// </summary>
public static class PairingReads
{
    // Use cases (the audit row's purpose).
    public const string GetPairing = "GetPairing";
    public const string GetPairingCard = "GetPairingCard";
    public const string ListMyPairings = "ListMyPairings";
    public const string ChatMyPairings = "ChatMyPairings";
    public const string ChatLogContact = "ChatLogContact";
    public const string CreatePairing = "CreatePairing";
    public const string EndPairing = "EndPairing";
    public const string HandOverPairing = "HandOverPairing";
    public const string StartClassTalks = "StartClassTalks";
    public const string ListOverduePairings = "ListOverduePairings";
    public const string ListUnpairedChildren = "ListUnpairedChildren";
    public const string ListEarlyWarnings = "ListEarlyWarnings";

    // Fields beyond the archive's own names: the child's pairing state (cadence, lapses, paired or not) and whether
    // its parents read the school's notices.
    public const string PairingField = "pairing";
    public const string NoticeReadsField = "noticeReads";

    /// <summary>What a pairing page shows of each child: the name and its cadence targets.</summary>
    public static readonly string[] PageFields = ["name", PairingField];

    /// <summary>staff for an organizer of the pairing's organisation (as the archive ranks staff first), else mentor.</summary>
    public static string Relation(this PairingAccess access) => access.IsOrganizer ? "staff" : "mentor";

    /// <summary>Adds one audit row per distinct child to the unit of work; the caller saves before answering.</summary>
    public static void AuditChildReads(this CareDb db, IEnumerable<Guid> childIds, Guid readerId, string relation, IReadOnlyList<string> fields,
        string purpose, DateTimeOffset now)
    {
        foreach (var childId in childIds.Distinct())
            db.ChildReadAudits.Add(ChildReadAudit.Record(childId, readerId, relation, fields, purpose, now));
    }
}
