using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Pairing;

namespace WechatCare.Bot.Conversation;

/// <summary>A contact log the bot understood from a mentor's sentence, waiting for "是" before it is saved.</summary>
public sealed record ContactDraft(Guid PairingId, Guid ChildId, string ChildName, ContactKind Kind, DateTimeOffset At, int DurationMinutes,
    ContactOutcome Outcome, string Notes);

/// <summary>
/// The pending drafts, one per chat, kept in <see cref="ICache"/> (Redis when configured) so the "是" may be answered by
/// any bot process; a draft expires after <see cref="Kept"/>.
/// </summary>
public sealed class ContactDrafts(ICache cache)
{
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(15);

    public ValueTask KeepAsync(ChatContext context, ContactDraft draft, CancellationToken ct) =>
        cache.SetAsync(Key(context), JsonSerializer.Serialize(draft), Kept, ct);

    /// <summary>Takes the pending draft (null when there is none or it expired); it is gone afterwards.</summary>
    public async Task<ContactDraft?> TakeAsync(ChatContext context, CancellationToken ct)
    {
        var json = await cache.GetAsync(Key(context), ct);
        if (json is null) return null;
        await cache.RemoveAsync(Key(context), ct);
        return JsonSerializer.Deserialize<ContactDraft>(json);
    }

    public ValueTask DiscardAsync(ChatContext context, CancellationToken ct) => cache.RemoveAsync(Key(context), ct);

    private static string Key(ChatContext context) => "wechatcare:bot:contact-draft:" + context.OpenIdHash;
}

/// <summary>
/// Reads "今天给小红打了电话20分钟": the kind of contact, the duration, the day (今天/昨天/前天) and whether the person
/// was reached. The child is found by the caller (it needs their pairings).
/// </summary>
public static partial class ContactSentence
{
    private static readonly (string[] Words, ContactKind Kind)[] Kinds =
    [
        (["家访", "到家", "上门"], ContactKind.HomeVisit),
        (["写信", "书信", "信件", "回信", "来信"], ContactKind.Letter),
        (["家长", "爸爸", "妈妈", "奶奶", "爷爷", "外婆", "外公", "监护人"], ContactKind.ParentContact),
        (["一起参加", "参加活动", "一起活动"], ContactKind.ActivityTogether),
        (["谈心", "谈话", "面谈"], ContactKind.Talk),
    ];

    private static readonly string[] NotReached = ["没接", "未接", "没打通", "没人接", "没联系上", "未联系上", "关机"];

    [GeneratedRegex(@"([0-9一二两三四五六七八九十]+)\s*(分钟|min)")]
    private static partial Regex Minutes();

    [GeneratedRegex(@"([0-9一二两三四五六七八九十]+(?:\.[0-9]+)?)\s*个?(半)?\s*(小时|钟头|h)")]
    private static partial Regex Hours();

    /// <summary>The first kind whose words the sentence uses; a call, video or chat with the child otherwise.</summary>
    public static ContactKind KindOf(string text)
    {
        foreach (var (words, kind) in Kinds)
            if (words.Any(w => text.Contains(w, StringComparison.Ordinal))) return kind;
        return ContactKind.ChildContact;
    }

    public static ContactOutcome OutcomeOf(string text) =>
        NotReached.Any(w => text.Contains(w, StringComparison.Ordinal)) ? ContactOutcome.Tried : ContactOutcome.Reached;

    /// <summary>Minutes said ("20分钟", "二十分钟", "1小时", "一个半小时", "半小时"), 0 when none.</summary>
    public static int MinutesOf(string text)
    {
        var total = 0m;
        if (Hours().Match(text) is { Success: true } hours && Number(hours.Groups[1].Value) is { } h)
            total += h * 60 + (hours.Groups[2].Success ? 30 : 0);
        else if (text.Contains("半小时", StringComparison.Ordinal) || text.Contains("半个小时", StringComparison.Ordinal))
            total += 30;
        if (Minutes().Match(text) is { Success: true } minutes && Number(minutes.Groups[1].Value) is { } m) total += m;
        return (int)Math.Round(total);
    }

    /// <summary>How many days back the sentence says (今天 0, 昨天 1, 前天 2).</summary>
    public static int DaysAgo(string text) =>
        text.Contains("前天", StringComparison.Ordinal) ? 2 : text.Contains("昨天", StringComparison.Ordinal) || text.Contains("昨晚", StringComparison.Ordinal) ? 1 : 0;

    private static decimal? Number(string said)
    {
        if (decimal.TryParse(said, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return n;
        const string digits = "零一二三四五六七八九";
        int Digit(char c) => c == '两' ? 2 : digits.IndexOf(c, StringComparison.Ordinal);
        var ten = said.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0) return said.Length == 1 && Digit(said[0]) >= 0 ? Digit(said[0]) : null;
        var tens = ten == 0 ? 1 : Digit(said[0]);
        var ones = ten == said.Length - 1 ? 0 : Digit(said[^1]);
        return tens < 0 || ones < 0 ? null : tens * 10 + ones;
    }
}
