using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Identity;

public sealed record LogInCommand(string Code) : ICommand<LoggedInUser>;

public sealed record LoggedInUser(Guid UserId, bool IsPlatformAdmin);

public sealed class LogInValidator : AbstractValidator<LogInCommand>
{
    public LogInValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(128);
}

public sealed class LogInHandler(
    CareDb db, IWechatLogin wechat, ICache cache, FieldCipher cipher, IOptions<CareOptions> options, TimeProvider clock)
    : ICommandHandler<LogInCommand, LoggedInUser>
{
    // A wx.login code lives about 5 minutes and is single-use; remembering it a little longer refuses replays
    // before they reach WeChat.
    private static readonly TimeSpan UsedCodeMemory = TimeSpan.FromMinutes(10);

    public async ValueTask<LoggedInUser> Handle(LogInCommand cmd, CancellationToken ct)
    {
        var codeKey = "wechatcare:login-code:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cmd.Code)));
        if (!await cache.TryAddAsync(codeKey, "used", UsedCodeMemory, ct))
            throw new UnauthenticatedException("wechat_login_failed", "登录凭证已使用，请重新进入小程序");

        var identity = await wechat.ExchangeCodeAsync(cmd.Code, ct);
        try
        {
            return await RecordAsync(identity, ct);
        }
        catch (DbUpdateException)
        {
            // A first login racing another one of the same person (the mini-program's launch and its first page both
            // log in): the other created the user, so this one signs in to it. The error would name the openid.
            db.ChangeTracker.Clear();
            return await RecordAsync(identity, ct);
        }
    }

    private async Task<LoggedInUser> RecordAsync(WechatIdentity identity, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var user = await db.Users.SingleOrDefaultAsync(u => u.MiniProgramOpenId == identity.OpenId, ct);
        if (user is null)
        {
            user = User.FromMiniProgramLogin(identity.OpenId, identity.UnionId, now);
            db.Users.Add(user);
        }
        user.RecordLogin(identity.UnionId, cipher.Encrypt(identity.SessionKey), now);
        if (options.Value.AdminOpenIds.Contains(identity.OpenId, StringComparer.Ordinal)) user.MakePlatformAdmin();

        await db.SaveChangesAsync(ct);
        return new LoggedInUser(user.Id, user.IsPlatformAdmin);
    }
}
