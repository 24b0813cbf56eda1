using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Children;

/// <summary>
/// A 6-digit code a teacher gives a parent to link them to a child. Only its keyed hash is stored; it expires and
/// works once. Guessing is rate-limited per user, and wrong codes per network address, in <see cref="RedeemGuardianInviteHandler"/>.
/// </summary>
public sealed class GuardianInvite
{
    private GuardianInvite() { }

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTime ExpiresAtUtc { get; private set; }
    public Guid IssuedBy { get; private set; }
    public DateTime? UsedAtUtc { get; private set; }
    public Guid? UsedBy { get; private set; }

    public static (GuardianInvite Invite, string Code) Issue(Guid childId, Guid issuedBy, TimeSpan validFor, FieldCipher cipher, DateTimeOffset now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        return (new GuardianInvite
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            CodeHash = HashOf(code, cipher),
            ExpiresAtUtc = (now + validFor).UtcDateTime,
            IssuedBy = issuedBy,
        }, code);
    }

    private const string HashContext = "guardian-invite:";

    private static string HashOf(string code, FieldCipher cipher) => cipher.LookupHash(HashContext + code);

    /// <summary>The code's hash under the current and every previous key.</summary>
    public static IReadOnlyList<string> HashesOf(string code, FieldCipher cipher) => cipher.LookupHashes(HashContext + code);
}

public static class GuardianInvites
{
    /// <summary>
    /// Removes the child's unused invites in the caller's unit of work: once a deletion is requested, the guardian
    /// withdrew consent to the archive or the child left, no new parent may be linked with a code issued before.
    /// (<see cref="RedeemGuardianInviteHandler"/> refuses such children too; this leaves no code to try.)
    /// </summary>
    public static async Task WithdrawOpenInvitesAsync(this CareDb db, Guid childId, CancellationToken ct) =>
        db.GuardianInvites.RemoveRange(await db.GuardianInvites.Where(i => i.ChildId == childId && i.UsedAtUtc == null).ToListAsync(ct));
}
