namespace WechatCare.Wechat.Errors;

/// <summary>Maps WeChat errcodes to what the caller should do (REFERENCE.md §0–§6).</summary>
public static class WechatErrorCodes
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAccessToken = 40014;
    public const int AccessTokenExpired = 42001;
    public const int AccessTokenMissing = 41001;
    public const int RequireSubscribe = 43004;
    public const int NoSubscribeGrant = 43101;
    public const int DailyQuota = 45009;
    public const int MinuteQuota = 45011;
    public const int OutOfResponseTime = 45015;
    public const int OutOfResponseCount = 45047;
    public const int ArgumentInvalid = 47003;
    public const int CodeInvalid = 40029;
    public const int CodeUsed = 40163;
    public const int CodeBlocked = 40226;
    public const int ContentRisky = 87014;

    /// <summary>The codes that mean "the access_token you used is no good": refresh and retry once.</summary>
    public static bool IsTokenRejection(int code) => code is InvalidCredential or AccessTokenExpired or InvalidAccessToken;

    public static WechatFailureKind Classify(int code) => code switch
    {
        SystemBusy => WechatFailureKind.Transient,
        DailyQuota or MinuteQuota => WechatFailureKind.QuotaExhausted,
        InvalidCredential or AccessTokenExpired or InvalidAccessToken or AccessTokenMissing => WechatFailureKind.AccessTokenRejected,
        NoSubscribeGrant => WechatFailureKind.NoSubscribeGrant,
        RequireSubscribe => WechatFailureKind.NotFollowing,
        OutOfResponseTime or OutOfResponseCount => WechatFailureKind.OutsideCustomerWindow,
        InvalidOpenId => WechatFailureKind.InvalidOpenId,
        CodeInvalid or CodeUsed or CodeBlocked => WechatFailureKind.CodeInvalid,
        ContentRisky => WechatFailureKind.ContentRisky,
        ArgumentInvalid or 40037 or 40169 or 40129 or 41030 or 47001 => WechatFailureKind.InvalidArgument,
        _ => WechatFailureKind.Permanent,
    };
}
