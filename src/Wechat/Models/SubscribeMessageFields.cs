using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WechatCare.Wechat.Errors;

namespace WechatCare.Wechat.Models;

/// <summary>
/// The keyword value rules of subscribe messages (REFERENCE.md §3.1). The type is the key without its number
/// (thing1 → thing). Lengths count Unicode code points. Unknown types (enum, new ones) are left to WeChat.
/// </summary>
public static partial class SubscribeMessageFields
{
    internal const string Ellipsis = "…";

    /// <summary>Throws <see cref="WechatFieldLimitException"/> for the first value WeChat would answer 47003 to.</summary>
    public static void EnsureValid(IEnumerable<KeyValuePair<string, WechatMessageValue>> data)
    {
        foreach (var (key, value) in data)
            if (Violation(key, value.Value) is { } rule)
                throw new WechatFieldLimitException(key, value.Value, rule);
    }

    /// <summary>The rule the value breaks, or null when it is fine.</summary>
    public static string? Violation(string key, string value)
    {
        var type = TypeOf(key);
        var length = LengthOf(value);
        if (length == 0) return "must not be empty";
        return type switch
        {
            "thing" => length <= 20 ? null : "thing: at most 20 characters",
            "number" => length <= 32 && NumberPattern().IsMatch(value) ? null : "number: at most 32 digits, decimals allowed",
            "letter" => length <= 32 && value.All(char.IsAsciiLetter) ? null : "letter: at most 32 letters, letters only",
            "symbol" => length <= 5 && value.All(IsSymbol) ? null : "symbol: at most 5 symbols, symbols only",
            "character_string" => length <= 32 && value.All(IsAsciiVisible) ? null : "character_string: at most 32 digits, letters or symbols, no Chinese",
            "time" => TimePattern().IsMatch(value) ? null : "time: 24-hour time with an optional date, e.g. 15:01 or 2019年10月1日 15:01",
            "date" => DatePattern().IsMatch(value) ? null : "date: a date with an optional 24-hour time, e.g. 2019年10月1日",
            "amount" => AmountPattern().IsMatch(value) ? null : "amount: a currency symbol and at most 10 digits, e.g. ¥99.00",
            "phone_number" => length <= 17 && PhonePattern().IsMatch(value) ? null : "phone_number: at most 17 digits or symbols",
            "car_number" => length <= 8 ? null : "car_number: at most 8 characters",
            "name" => value.All(char.IsAscii) ? (length <= 20 ? null : "name: at most 20 letters") : (length <= 10 ? null : "name: at most 10 Chinese characters"),
            "phrase" => length <= 5 && value.EnumerateRunes().All(IsChinese) ? null : "phrase: at most 5 Chinese characters, Chinese only",
            _ => null,
        };
    }

    /// <summary>
    /// Cuts a value to its type's limit (thing with an ellipsis) so a long title still gets delivered.
    /// Values that cannot be cut into shape (time, date, amount…) come back unchanged; check them with <see cref="Violation"/>.
    /// </summary>
    public static string Fit(string key, string value) => TypeOf(key) switch
    {
        "thing" => Cut(value, 20, Ellipsis),
        "name" => value.All(char.IsAscii) ? Cut(value, 20, "") : Cut(value, 10, ""),
        "phrase" => Cut(string.Concat(value.EnumerateRunes().Where(IsChinese)), 5, ""),
        "character_string" => Cut(new string(value.Where(IsAsciiVisible).ToArray()), 32, ""),
        "number" or "letter" => Cut(value, 32, ""),
        "symbol" => Cut(value, 5, ""),
        "phone_number" => Cut(value, 17, ""),
        "car_number" => Cut(value, 8, ""),
        _ => value,
    };

    private static string TypeOf(string key) => key.TrimEnd("0123456789".ToCharArray());

    private static int LengthOf(string value) => value.EnumerateRunes().Count();

    internal static string Cut(string value, int limit, string tail)
    {
        var runes = value.EnumerateRunes().ToList();
        if (runes.Count <= limit) return value;
        var kept = runes.Take(limit - LengthOf(tail));
        var builder = new StringBuilder();
        foreach (var rune in kept) builder.Append(rune.ToString());
        return builder.Append(tail).ToString();
    }

    private static bool IsAsciiVisible(char c) => c is > ' ' and <= '~';

    private static bool IsSymbol(char c) => IsAsciiVisible(c) && !char.IsAsciiLetterOrDigit(c)
                                            || char.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol;

    private static bool IsChinese(Rune rune) => rune.Value is >= 0x3400 and <= 0x9FFF or >= 0x20000 and <= 0x2FFFF;

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex NumberPattern();

    private const string DatePart = @"\d{4}(年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})";
    private const string TimePart = @"\d{1,2}:\d{2}(:\d{2})?";

    [GeneratedRegex($@"^({DatePart}\s*)?{TimePart}(\s*~\s*({DatePart}\s*)?{TimePart})?$")]
    private static partial Regex TimePattern();

    [GeneratedRegex($@"^{DatePart}(\s*{TimePart})?(\s*~\s*{DatePart}(\s*{TimePart})?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^[0-9+\-() ]+$")]
    private static partial Regex PhonePattern();
}
