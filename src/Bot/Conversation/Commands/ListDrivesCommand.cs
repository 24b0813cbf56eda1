using System.Globalization;
using System.Text;
using WechatCare.Domain.Common;
using WechatCare.Domain.Donations;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>捐赠 / 还差多少: open donation drives and the items still missing (GET /api/drives, /api/drives/{id}), numbered for 认捐 N.</summary>
public sealed class ListDrivesCommand(ChatNumbers numbers) : IChatCommand
{
    private const int Shown = 5;

    public string Name => "list-drives";
    public IReadOnlyList<string> Keywords { get; } = ["捐赠"];
    public string Usage => "捐赠 — 进行中的募捐和还差多少";
    public ChatAudience Audience => ChatAudience.Everyone;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        // A guest sees what anyone sees: open drives are public.
        var caller = context.UserId ?? Guid.Empty;
        var open = await context.Sender.Send(new ListDrivesQuery(caller, null, DriveStatus.Open, new PageRequest(1, Shown)), ct);
        if (open.Items.Count == 0) return "目前没有进行中的募捐。";
        await numbers.RememberAsync(context, ChatNumbers.Drives, open.Items.Select(d => d.Id), ct);

        var text = new StringBuilder("进行中的募捐：");
        var number = 1;
        foreach (var summary in open.Items)
        {
            var drive = await context.Sender.Send(new GetDriveQuery(caller, summary.Id), ct);
            text.Append(CultureInfo.InvariantCulture, $"\n{number++}. {drive.Title}（{drive.EndsAt:M月d日}截止）");
            var missing = drive.Items.Where(i => i.Remaining > 0).ToList();
            if (missing.Count > 0)
                text.Append("\n   还差：").AppendJoin("、", missing.Select(i => string.Create(CultureInfo.InvariantCulture,
                    $"{i.Name} {i.Remaining}{i.Unit}{(i.Sizes.Count > 0 ? $"（{string.Join('/', i.Sizes)}）" : "")}")));
            else if (drive.Items.Count > 0) text.Append("\n   物资已认捐满");
            if (drive.MoneyTargetFen > 0)
                text.Append(CultureInfo.InvariantCulture, $"\n   善款：已到 {drive.RaisedFen / 100m:0.##} 元 / 目标 {drive.MoneyTargetFen / 100m:0.##} 元");
        }
        return text.Append(context.IsLinked ? "\n回复“认捐 编号 物品 数量 [尺码]”认捐，如“认捐 1 牙刷 10”“认捐 1 书包 2 中号”。"
            : "\n绑定账号后可以回复“认捐 编号 物品 数量 [尺码]”认捐。").ToString();
    }
}
