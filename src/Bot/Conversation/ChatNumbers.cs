using System.Globalization;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// The numbers people type in "报名 2", "认捐 1 …", "确认 3": the position in the last list of that kind the bot showed
/// this chat (activities — from 活动 or 我的报名 —, donation drives, notices). The list is kept in <see cref="ICache"/>
/// per openid for a day, so any bot process can answer; an unknown or expired number asks for the list again.
/// </summary>
public sealed class ChatNumbers(ICache cache)
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    public const string Activities = "activities";
    /// <summary>我的报名 numbers apart from 活动's: "取消 2" must mean the second of the person's own sign-ups.</summary>
    public const string MySignUps = "my-sign-ups";
    public const string Drives = "drives";
    public const string Notices = "notices";

    public ValueTask RememberAsync(ChatContext context, string list, IEnumerable<Guid> ids, CancellationToken ct) =>
        cache.SetAsync(Key(context, list), string.Join(',', ids), Kept, ct);

    /// <summary>The id behind number <paramref name="number"/> of the last <paramref name="list"/> shown; a refusal naming the list command otherwise.</summary>
    public async Task<Guid> ResolveAsync(ChatContext context, string list, int number, string listCommand, CancellationToken ct)
    {
        var shown = await cache.GetAsync(Key(context, list), ct);
        var ids = string.IsNullOrEmpty(shown) ? [] : shown.Split(',');
        if (number < 1 || number > ids.Length)
            throw new DomainException("unknown_number", ids.Length == 0
                ? $"请先回复“{listCommand}”查看编号，再按编号操作。"
                : $"没有第 {number} 项。请回复“{listCommand}”查看最新编号。");
        return Guid.Parse(ids[number - 1], CultureInfo.InvariantCulture);
    }

    /// <summary>A whole positive number ("12"), or null.</summary>
    public static int? Parse(string text) =>
        int.TryParse(text.Replace(" ", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static string Key(ChatContext context, string list) => $"wechatcare:bot:numbers:{list}:{context.OpenIdHash}";
}
