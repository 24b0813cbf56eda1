using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;

namespace WechatCare.Bot.Conversation;

/// <summary>A platform admin publishes the Official Account menu from the <c>Bot:Menu</c> configuration (<c>cgi-bin/menu/create</c>).</summary>
public sealed record PublishOfficialAccountMenuCommand(Guid CallerId) : ICommand<PublishedMenu>;

public sealed record PublishedMenu(int Buttons);

public sealed class PublishOfficialAccountMenuHandler(CareDb db, WechatClients wechat, IOptions<BotOptions> options)
    : ICommandHandler<PublishOfficialAccountMenuCommand, PublishedMenu>
{
    public async ValueTask<PublishedMenu> Handle(PublishOfficialAccountMenuCommand cmd, CancellationToken ct)
    {
        await db.RequirePlatformAdminAsync(cmd.CallerId, ct);
        var menu = options.Value.Menu;
        if (menu.Count is 0 or > 3 || menu.Any(b => b.SubButtons.Count > 5))
            throw new DomainException("menu_not_configured", "公众号菜单未配置或不符合微信要求（Bot:Menu：最多 3 个按钮，每个最多 5 个子按钮）");
        try
        {
            await wechat.OfficialAccount.ExecuteCgibinMenuCreateAsync(new CgibinMenuCreateRequest { Buttons = menu.Select(ToWechat).ToList() }, ct);
        }
        catch (WechatApiException e)
        {
            throw new WechatUnavailableException("微信拒绝了菜单：" + e.ErrorCode, e);
        }
        return new PublishedMenu(menu.Count);
    }

    private static CgibinMenuCreateRequest.Types.Button ToWechat(BotMenuButton b) => new()
    {
        Name = b.Name,
        Type = string.IsNullOrEmpty(b.Type) ? null : b.Type,
        Key = b.Key,
        Url = b.Url,
        AppId = b.AppId,
        PagePath = b.PagePath,
        SubButtons = b.SubButtons.Count == 0 ? null : b.SubButtons.Select(ToWechat).ToList(),
    };
}
