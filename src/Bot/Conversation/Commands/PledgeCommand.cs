using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using WechatCare.Domain.Common;
using WechatCare.Domain.Donations;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>
/// 认捐 N 牙刷 10 / 认捐 N 书包 2 中号: pledges items to drive N of the last 捐赠 list (POST /api/drives/{id}/pledges),
/// refusals as the API's. An item with sizes takes its size after the quantity.
/// </summary>
public sealed partial class PledgeCommand(ChatNumbers numbers) : IChatCommand
{
    public string Name => "pledge";
    public IReadOnlyList<string> Keywords { get; } = ["认捐"];
    public string Usage => "认捐 N 物品 数量 [尺码] — 认捐物资，如“认捐 1 牙刷 10”“认捐 1 书包 2 中号”";
    public ChatAudience Audience => ChatAudience.Linked;

    // "1 牙刷 10", "1 牙刷10支", "1牙刷 10 个", "1 书包 2 中号", "1 书包 2个 中号": the rest after the quantity is read
    // once the item is known, because only then is it clear whether it is a unit or a size.
    [GeneratedRegex(@"^(\d+)\s*([^\d\s]+?)\s*(\d+)\s*(.*)$")]
    private static partial Regex Shape();

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var match = Shape().Match(args);
        if (!match.Success) throw new ValidationException("认捐 N 物品 数量");
        var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var itemName = match.Groups[2].Value;
        if (!int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)) throw new ValidationException("数量");
        var rest = match.Groups[4].Value.Trim();

        var driveId = await numbers.ResolveAsync(context, ChatNumbers.Drives, number, "捐赠", ct);
        var drive = await context.Sender.Send(new GetDriveQuery(context.CallerId, driveId), ct);
        var item = drive.Items.FirstOrDefault(i => i.Name == itemName) ?? drive.Items.FirstOrDefault(i => i.Name.Contains(itemName, StringComparison.Ordinal))
            ?? throw new DomainException("unknown_item", $"“{drive.Title}”没有“{itemName}”这一项。可认捐：{string.Join("、", drive.Items.Select(i => i.Name))}");
        var size = SizeOf(item, rest, $"认捐 {number} {itemName} {quantity}");
        await context.Sender.Send(new PledgeToDriveCommand(context.CallerId, driveId, 0, [new PledgeItemInput(item.Id, quantity, size)],
            DonorName: null, Offline: false, Anonymous: false, WantsReceipt: false), ct);
        return string.Create(CultureInfo.InvariantCulture, $"谢谢你的爱心！已认捐{item.Name} {quantity}{item.Unit}{(size is null ? "" : $"（{size}）")}，请按募捐说明送达。");
    }

    /// <summary>
    /// Reads what follows the quantity: at most a unit of one or two characters ("10支"), and for an item with sizes the
    /// size, alone or after the unit ("2 中号", "2个 中号"). A missing or unknown size is answered with the sizes to choose from.
    /// </summary>
    private static string? SizeOf(DriveItemView item, string rest, string typed)
    {
        const int UnitLength = 2;
        if (item.Sizes.Count == 0) return rest.Length <= UnitLength && !rest.Any(char.IsWhiteSpace) ? null : throw new ValidationException("尺码");
        // The longest size first, so "特大号" is not read as a unit "特" and the size "大号".
        return item.Sizes.OrderByDescending(s => s.Length)
                   .FirstOrDefault(s => rest.EndsWith(s, StringComparison.Ordinal) && rest[..^s.Length].Trim().Length <= UnitLength)
            ?? throw new DomainException("item_size_required",
                $"请为“{item.Name}”选择尺码：{string.Join("、", item.Sizes)}。如“{typed} {item.Sizes[0]}”");
    }
}
