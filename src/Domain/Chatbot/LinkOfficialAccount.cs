using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Chatbot;

/// <summary>"绑定公众号 123456" in the Official Account chat: links that chat's openid to the user who was shown the code.</summary>
public sealed record LinkOfficialAccountCommand(string OpenId, string Code) : ICommand<LinkedOfficialAccount>;

public sealed record LinkedOfficialAccount(Guid UserId);

public sealed class LinkOfficialAccountValidator : AbstractValidator<LinkOfficialAccountCommand>
{
    public LinkOfficialAccountValidator()
    {
        RuleFor(c => c.OpenId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Code).NotEmpty().Matches("^[0-9]{6}$").WithMessage("绑定码是 6 位数字");
    }
}

public sealed class LinkOfficialAccountHandler(CareDb db, FieldCipher cipher, TimeProvider clock)
    : ICommandHandler<LinkOfficialAccountCommand, LinkedOfficialAccount>
{
    public async ValueTask<LinkedOfficialAccount> Handle(LinkOfficialAccountCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = OfficialAccountLinking.HashCode(cipher, cmd.Code);
        var nowUtc = now.UtcDateTime;
        var code = await db.OfficialAccountBindCodes
            .FirstOrDefaultAsync(c => c.CodeHash == hash && c.UsedAtUtc == null && c.ExpiresAtUtc > nowUtc, ct)
            ?? throw new DomainException("bind_code_invalid", "绑定码不正确或已过期，请在小程序“我的”页面重新获取");

        var user = await db.Users.SingleAsync(u => u.Id == code.UserId, ct);
        // One chat belongs to one person.
        if (await db.Users.AnyAsync(u => u.OfficialAccountOpenId == cmd.OpenId && u.Id != user.Id, ct))
            throw new ConflictException("official_account_taken", "这个公众号账号已绑定了另一位用户，请联系管理员解除绑定");
        code.Use(now);
        user.LinkOfficialAccount(cmd.OpenId);
        user.FollowOfficialAccount();
        await db.SaveChangesAsync(ct);
        return new LinkedOfficialAccount(user.Id);
    }
}

/// <summary>
/// A follower whose unionid (from WeChat's <c>cgi-bin/user/info</c>) matches a mini-program user is linked without a code.
/// Null when nobody matches.
/// </summary>
public sealed record LinkOfficialAccountByUnionIdCommand(string OpenId, string UnionId) : ICommand<LinkedOfficialAccount?>;

public sealed class LinkOfficialAccountByUnionIdHandler(CareDb db) : ICommandHandler<LinkOfficialAccountByUnionIdCommand, LinkedOfficialAccount?>
{
    public async ValueTask<LinkedOfficialAccount?> Handle(LinkOfficialAccountByUnionIdCommand cmd, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.UnionId == cmd.UnionId, ct);
        if (user is null) return null;
        if (user.OfficialAccountOpenId == cmd.OpenId) return new LinkedOfficialAccount(user.Id);
        if (await db.Users.AnyAsync(u => u.OfficialAccountOpenId == cmd.OpenId, ct)) return null;   // already someone else's
        user.LinkOfficialAccount(cmd.OpenId);
        user.FollowOfficialAccount();
        await db.SaveChangesAsync(ct);
        return new LinkedOfficialAccount(user.Id);
    }
}

/// <summary>Subscribe and unsubscribe events keep <see cref="User.FollowsOfficialAccount"/> current (the delivery channels respect it).</summary>
public sealed record RecordOfficialAccountFollowCommand(string OpenId, bool Follows) : ICommand<Guid?>;

public sealed class RecordOfficialAccountFollowHandler(CareDb db) : ICommandHandler<RecordOfficialAccountFollowCommand, Guid?>
{
    public async ValueTask<Guid?> Handle(RecordOfficialAccountFollowCommand cmd, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.OfficialAccountOpenId == cmd.OpenId, ct);
        if (user is null) return null;
        if (cmd.Follows) user.FollowOfficialAccount();
        else user.UnfollowOfficialAccount();
        await db.SaveChangesAsync(ct);
        return user.Id;
    }
}

public static class OfficialAccountLinking
{
    public static string HashCode(FieldCipher cipher, string code) => cipher.LookupHash("oa-bind-code:" + code);
}
