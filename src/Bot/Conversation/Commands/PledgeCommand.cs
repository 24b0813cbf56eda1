using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using WechatCare.Domain.Common;
using WechatCare.Domain.Donations;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>认捐 N 牙刷 10: pledges items to drive N of the last 捐赠 list (POST /api/drives/{id}/pledges), refusals as the API's.</summary>
public sealed partial class PledgeCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "pledge";
    public IReadOnlyList<string> Keywords { get; } = ["认捐"];
    public string Usage => "认捐 N 物品 数量 — 认捐物资，如“认捐 1 牙刷 10”";
    public ChatAudience Audience => ChatAudience.Linked;

    // "1 牙刷 10", "1 牙刷10支", "1牙刷 10 个"
    [GeneratedRegex(@"^(\d+)\s*([^\d\s]+?)\s*(\d+)\s*\S{0,2}$")]
    private static partial Regex Shape();

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var match = Shape().Match(args);
        if (!match.Success) throw new ValidationException("认捐 N 物品 数量");
        var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var itemName = match.Groups[2].Value;
        if (!int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)) throw new ValidationException("数量");

        var driveId = await numbers.ResolveAsync(context, ChatNumbers.Drives, number, "捐赠", ct);
        var drive = await context.Sender.Send(new GetDriveQuery(context.CallerId, driveId), ct);
        var item = drive.Items.FirstOrDefault(i => i.Name == itemName) ?? drive.Items.FirstOrDefault(i => i.Name.Contains(itemName, StringComparison.Ordinal))
            ?? throw new DomainException("unknown_item", $"“{drive.Title}”没有“{itemName}”这一项。可认捐：{string.Join("、", drive.Items.Select(i => i.Name))}");
        await context.Sender.Send(new PledgeToDriveCommand(context.CallerId, driveId, 0, [new PledgeItemInput(item.Id, quantity, null)],
            DonorName: null, Offline: false, Anonymous: false, WantsReceipt: false), ct);
        return string.Create(CultureInfo.InvariantCulture, $"谢谢你的爱心！已认捐{item.Name} {quantity}{item.Unit}，请按募捐说明送达。");
    }
}
