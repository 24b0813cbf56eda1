using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WechatCare.Domain.Common;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Activities;

/// <summary>
/// The check-in QR code's scene (WeChat allows 32 characters): the activity id (22 chars, base64url) and a 9-character
/// keyed MAC over it. It cannot be forged without the server key, it names its activity so it cannot be used for
/// another, and it is accepted only from an hour before the start to an hour after the end.
/// </summary>
public static class CheckInScene
{
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    public static string For(Guid activityId, FieldCipher cipher) => $"{Base64Url.EncodeToString(activityId.ToByteArray())}.{Mac(activityId, cipher)}";

    /// <summary>The activity the scene was signed for; throws <c>invalid_checkin_code</c> when it was not signed by us.</summary>
    public static Guid Verify(string scene, FieldCipher cipher)
    {
        var parts = scene.Split('.');
        Span<byte> bytes = stackalloc byte[16];
        if (parts.Length != 2 || parts[0].Length != 22 || !Base64Url.TryDecodeFromChars(parts[0], bytes, out var written) || written != 16)
            throw Invalid();
        var activityId = new Guid(bytes);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[1]), Encoding.ASCII.GetBytes(Mac(activityId, cipher))))
            throw Invalid();
        return activityId;
    }

    public static void EnsureWithinTime(Activity activity, DateTimeOffset now)
    {
        var instant = now.UtcDateTime;
        if (instant < activity.StartsAtUtc - Margin || instant > activity.EndsAtUtc + Margin)
            throw new DomainException("checkin_code_out_of_time", "签到码只在活动开始前 1 小时到结束后 1 小时内有效");
    }

    private static string Mac(Guid activityId, FieldCipher cipher) =>
        Base64Url.EncodeToString(Convert.FromHexString(cipher.LookupHash("activity-checkin:" + activityId.ToString("N"))))[..9];

    private static DomainException Invalid() => new("invalid_checkin_code", "签到码无效，请扫描本活动现场的签到码");
}
