using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// Who is writing: the user linked to the OA openid, else one whose unionid WeChat's <c>cgi-bin/user/info</c> reports for
/// this follower (linked on the spot), else a guest. A failed unionid lookup is remembered for a while so unlinked
/// people do not cost a WeChat call per message.
/// </summary>
public sealed class ChatIdentity(
    CareDb db, ISender sender, ChatCommands commands, WechatClients wechat, ICache cache, FieldCipher cipher, ILogger<ChatIdentity> log)
{
    private static readonly TimeSpan RememberUnlinked = TimeSpan.FromMinutes(10);

    public string HashOf(string openId) => cipher.LookupHash("oa-openid:" + openId);

    public async Task<ChatContext> ResolveAsync(string openId, CancellationToken ct)
    {
        var openIdHash = HashOf(openId);
        var user = await FindAsync(openId, ct);
        if (user is null && await TryLinkByUnionIdAsync(openId, openIdHash, ct)) user = await FindAsync(openId, ct);
        if (user is null) return new ChatContext(openId, openIdHash, null, null, false, new HashSet<Role>(), sender, commands);
        return new ChatContext(openId, openIdHash, user.Id, user.MiniProgramOpenId, user.IsPlatformAdmin, user.Roles.ToHashSet(), sender, commands)
        {
            LastMessageAtUtc = user.LastOfficialAccountMessageAtUtc,
        };
    }

    private sealed record Known(Guid Id, string? MiniProgramOpenId, bool IsPlatformAdmin, DateTime? LastOfficialAccountMessageAtUtc, List<Role> Roles);

    /// <summary>The linked user and their roles in every organisation, in one round trip (the same roles GET /api/me lists).</summary>
    private Task<Known?> FindAsync(string openId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.OfficialAccountOpenId == openId)
            .Select(u => new Known(u.Id, u.MiniProgramOpenId, u.IsPlatformAdmin, u.LastOfficialAccountMessageAtUtc,
                db.Memberships.Where(m => m.UserId == u.Id).Select(m => m.Role).ToList()))
            .FirstOrDefaultAsync(ct);

    private async Task<bool> TryLinkByUnionIdAsync(string openId, string openIdHash, CancellationToken ct)
    {
        var memo = "wechatcare:oa-unlinked:" + openIdHash;
        if (await cache.GetAsync(memo, ct) is not null) return false;
        try
        {
            var info = await wechat.OfficialAccount.ExecuteCgibinUserInfoAsync(openId, ct);
            if (!string.IsNullOrEmpty(info.UnionId) && await sender.Send(new LinkOfficialAccountByUnionIdCommand(openId, info.UnionId), ct) is not null)
                return true;
        }
        catch (WechatApiException e)
        {
            log.LogWarning(BotEvents.UnionIdLookupFailed, "cgi-bin/user/info failed with {ErrorCode}; the person stays unlinked for now", e.ErrorCode);
        }
        await cache.SetAsync(memo, "1", RememberUnlinked, ct);
        return false;
    }
}
