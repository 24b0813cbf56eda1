using WechatCare.Domain.Donations;

namespace WechatCare.Tests.Donations;

public sealed class ChineseCapitalsTests
{
    [Theory]
    [InlineData(1L, "壹分")]                         // 0.01
    [InlineData(20_000L, "贰佰元整")]                // 200
    [InlineData(236_000L, "贰仟叁佰陆拾元整")]        // 2360
    [InlineData(1_000_050L, "壹万元伍角")]            // 10000.50
    [InlineData(100_000_000L, "壹佰万元整")]          // 1000000
    [InlineData(0L, "零元整")]
    [InlineData(50L, "伍角")]                         // 0.50
    [InlineData(1_000L, "壹拾元整")]                  // 10
    [InlineData(32_504L, "叁佰贰拾伍元零肆分")]        // 325.04: 零 between 元 and 分 when 角 is zero
    [InlineData(168_032L, "壹仟陆佰捌拾元叁角贰分")]    // 1680.32
    [InlineData(10_010_000L, "壹拾万零壹佰元整")]      // 100100
    [InlineData(10_001_000L, "壹拾万零壹拾元整")]      // 100010
    [InlineData(100_050_000L, "壹佰万零伍佰元整")]     // 1000500
    [InlineData(100_500_000L, "壹佰万伍仟元整")]       // 1005000
    [InlineData(10_000_000_100L, "壹亿零壹元整")]      // 100000001
    [InlineData(10_001_000_000L, "壹亿零壹万元整")]    // 100010000
    [InlineData(1_000_100L, "壹万零壹元整")]          // 10001
    [InlineData(110_100L, "壹仟壹佰零壹元整")]         // 1101
    public void Amounts_are_written_in_Chinese_capitals_as_on_a_bank_bill(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.FromFen(fen));

    [Fact]
    public void A_negative_amount_has_no_capitals() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseCapitals.FromFen(-1));
}
