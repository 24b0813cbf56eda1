using System.Text;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// Makes what people type comparable with the command keywords: full-width letters, digits, punctuation and the
/// ideographic space become half-width, runs of spaces collapse, ASCII is lower-cased, trailing punctuation goes, and
/// common ways of saying a command are rewritten to its keyword ("近期活动" → "活动", "取消报名 12" → "取消 12").
/// </summary>
public static class TextNormalizer
{
    // Longest first, so "取消报名" wins over a shorter phrase it contains.
    private static readonly (string Said, string Meant)[] Synonyms = new (string, string)[]
    {
        ("?", "帮助"), ("help", "帮助"), ("menu", "菜单"), ("功能", "帮助"), ("怎么用", "帮助"),
        ("近期活动", "活动"), ("最近活动", "活动"), ("活动列表", "活动"),
        ("取消报名", "取消"), ("退出报名", "取消"),
        ("服务时长", "我的时长"), ("志愿时长", "我的时长"),
        ("出勤", "考勤"), ("到校", "考勤"),
        ("消息", "我的消息"), ("未读", "我的消息"), ("我的通知", "通知"),
        ("是的", "是"), ("好的", "是"), ("保存", "是"), ("确定", "是"), ("不保存", "否"), ("放弃", "否"), ("不用了", "否"),
        ("还差多少", "捐赠"), ("捐款", "捐赠"), ("募捐", "捐赠"),
        ("关联公众号", "绑定公众号"),
    }.OrderByDescending(s => s.Item1.Length).ToArray();

    private const string TrailingPunctuation = "。.!！~～,，;；";

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;   // also drops leading spaces
        foreach (var raw in text)
        {
            var c = raw switch
            {
                '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(raw - 0xFEE0),
                _ => raw,
            };
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace) builder.Append(' ');
                lastWasSpace = true;
                continue;
            }
            builder.Append(char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : c);
            lastWasSpace = false;
        }
        var normalized = builder.ToString().TrimEnd();
        if (normalized != "?") normalized = normalized.TrimEnd(TrailingPunctuation.ToCharArray()).TrimEnd();
        return ApplySynonym(normalized);
    }

    private static string ApplySynonym(string text)
    {
        foreach (var (said, meant) in Synonyms)
        {
            if (text == said) return meant;
            // "取消报名 12" and "取消报名12" both become "取消 12"; "消息盒子" stays as it is (no boundary after the phrase).
            if (text.StartsWith(said, StringComparison.Ordinal) && (text[said.Length] == ' ' || char.IsAsciiDigit(text[said.Length])))
                return meant + " " + text[said.Length..].TrimStart();
        }
        return text;
    }
}
