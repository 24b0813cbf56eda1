using FluentValidation;
using FluentValidation.Results;

namespace WechatCare.Domain.Donations;

/// <summary>
/// Money is an integer number of fen end to end. Clients send JSON numbers; this turns them into fen or refuses them
/// with a field error (400): fractions of a fen, negative amounts and absurd amounts never reach a handler.
/// </summary>
public static class Money
{
    /// <summary>The largest single amount we accept: 1 亿元. Anything above is a typo, not a gift.</summary>
    public const long MaxFen = 10_000_000_000;

    public static long? Fen(decimal? value, string field) => value is null ? null : Fen(value.Value, field);

    public static long Fen(decimal value, string field)
    {
        if (value != decimal.Truncate(value)) throw Invalid(field, "金额以“分”为单位，必须是整数，不能有小数");
        if (value < 0) throw Invalid(field, "金额不能为负数");
        if (value > MaxFen) throw Invalid(field, "金额过大，单笔不能超过 1 亿元");
        return (long)value;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    /// <summary>For validators of commands that already carry fen.</summary>
    public static IRuleBuilderOptions<T, long> ValidFen<T>(this IRuleBuilder<T, long> rule) =>
        rule.InclusiveBetween(0, MaxFen).WithMessage("金额必须在 0 到 1 亿元之间（单位：分）");

    /// <summary>"12.30" style yuan for people; never used for arithmetic.</summary>
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + $"{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:D2}";
}

/// <summary>
/// Amounts in Chinese capitals (大写金额) as written on receipts and cheques, following the PBoC rules for filling in
/// bills (《支付结算办法》附件): 零 for every run of zeros between non-zero digits (one 零 per run, also across a 万/亿
/// boundary when the lower section starts with zeros); no trailing 零; 整 after 元 when there are no 角 and 分; nothing
/// after 角 when there is no 分 (the rules allow omitting 整 there); 零 between 元 and 分 when 角 is zero; the optional
/// 零 between 元 and a non-zero 角 is not written (10000.50 → 壹万元伍角). Amounts under one yuan start at 角/分.
/// </summary>
public static class ChineseCapitals
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] PlaceUnits = ["仟", "佰", "拾", ""];
    private static readonly string[] SectionUnits = ["亿", "万", ""];

    public static string FromFen(long fen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fen);
        var yuan = fen / 100;
        var jiao = (int)(fen / 10 % 10);
        var fenDigit = (int)(fen % 10);
        if (yuan >= 1_000_000_000_000) throw new ArgumentOutOfRangeException(nameof(fen), "amount beyond 万亿");

        var text = new System.Text.StringBuilder();
        if (yuan > 0) text.Append(Integer(yuan)).Append('元');
        if (jiao == 0 && fenDigit == 0) return yuan == 0 ? "零元整" : text.Append('整').ToString();
        if (jiao > 0) text.Append(Digits[jiao]).Append('角');
        else if (yuan > 0) text.Append('零');
        if (fenDigit > 0) text.Append(Digits[fenDigit]).Append('分');
        return text.ToString();
    }

    private static string Integer(long yuan)
    {
        long[] sections = [yuan / 100_000_000, yuan / 10_000 % 10_000, yuan % 10_000];
        var text = new System.Text.StringBuilder();
        var zeroPending = false;
        for (var i = 0; i < sections.Length; i++)
        {
            var section = (int)sections[i];
            if (section == 0)
            {
                zeroPending |= text.Length > 0;
                continue;
            }
            if (text.Length > 0 && (zeroPending || section < 1000)) text.Append('零');
            text.Append(Section(section)).Append(SectionUnits[i]);
            zeroPending = false;
        }
        return text.ToString();
    }

    /// <summary>One section of up to four digits (千百十个) with inner zeros collapsed and trailing zeros dropped.</summary>
    private static string Section(int value)
    {
        var text = new System.Text.StringBuilder();
        var zeroPending = false;
        for (var place = 0; place < 4; place++)
        {
            var digit = value / (int)Math.Pow(10, 3 - place) % 10;
            if (digit == 0)
            {
                zeroPending |= text.Length > 0;
                continue;
            }
            if (zeroPending) text.Append('零');
            text.Append(Digits[digit]).Append(PlaceUnits[place]);
            zeroPending = false;
        }
        return text.ToString();
    }
}
