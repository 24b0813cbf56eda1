using System.Globalization;
using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Chatbot;

/// <summary>The mini-program asks for a code to link the caller's Official Account chat; an earlier unused code stops working.</summary>
public sealed record IssueOfficialAccountBindCodeCommand(Guid CallerId) : ICommand<BindCodeView>;

public sealed record BindCodeView(string Code, DateTimeOffset ExpiresAt);

public sealed class IssueOfficialAccountBindCodeHandler(CareDb db, FieldCipher cipher, TimeProvider clock)
    : ICommandHandler<IssueOfficialAccountBindCodeCommand, BindCodeView>
{
    public async ValueTask<BindCodeView> Handle(IssueOfficialAccountBindCodeCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await db.Users.AnyAsync(u => u.Id == cmd.CallerId, ct)) throw new NotFoundException("该用户");

        var nowUtc = now.UtcDateTime;
        foreach (var earlier in await db.OfficialAccountBindCodes
                     .Where(c => c.UserId == cmd.CallerId && c.UsedAtUtc == null && c.ExpiresAtUtc > nowUtc).ToListAsync(ct))
            earlier.Retire(now);

        // A code must point at one person: draw again in the rare case another live code has the same digits.
        string code, hash;
        do
        {
            code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            hash = OfficialAccountLinking.HashCode(cipher, code);
        } while (await db.OfficialAccountBindCodes.AnyAsync(c => c.CodeHash == hash && c.UsedAtUtc == null && c.ExpiresAtUtc > nowUtc, ct));

        var issued = OfficialAccountBindCode.Issue(cmd.CallerId, hash, now);
        db.OfficialAccountBindCodes.Add(issued);
        await db.SaveChangesAsync(ct);
        return new BindCodeView(code, ChinaTime.ToChina(issued.ExpiresAtUtc));
    }
}
