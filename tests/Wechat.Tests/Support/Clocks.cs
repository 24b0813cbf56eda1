using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace WechatCare.Wechat.Tests.Support;

internal static class Clocks
{
    public static FakeTimeProvider At(string unixSeconds) =>
        new(DateTimeOffset.FromUnixTimeSeconds(long.Parse(unixSeconds, CultureInfo.InvariantCulture)));

    public static FakeTimeProvider Now() => new(new DateTimeOffset(2026, 7, 1, 1, 0, 0, TimeSpan.Zero));
}
