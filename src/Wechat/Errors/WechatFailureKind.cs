namespace WechatCare.Wechat.Errors;

/// <summary>What the caller should do about a failed WeChat call.</summary>
public enum WechatFailureKind
{
    /// <summary>System busy (-1), timeout, 5xx, dropped connection: retry with back-off.</summary>
    Transient,
    /// <summary>45009/45011: the daily or per-minute quota is used up: stop sending and wait.</summary>
    QuotaExhausted,
    /// <summary>40001/42001/40014 after the one refresh-and-retry: credentials or whitelist need a human.</summary>
    AccessTokenRejected,
    /// <summary>43101: the user gave no (remaining) subscribe grant: never retry, use another channel.</summary>
    NoSubscribeGrant,
    /// <summary>43004: the user does not follow the Official Account: use another channel.</summary>
    NotFollowing,
    /// <summary>45015/45047: outside the 48-hour customer-service window or its message count.</summary>
    OutsideCustomerWindow,
    /// <summary>40003: the openid does not belong to this app.</summary>
    InvalidOpenId,
    /// <summary>40029/40163/40226 on jscode2session: ask the mini-program to call wx.login again.</summary>
    CodeInvalid,
    /// <summary>87014 and similar: WeChat judged the content risky.</summary>
    ContentRisky,
    /// <summary>47003 and other argument errors: our request is wrong; fix the code or data.</summary>
    InvalidArgument,
    /// <summary>Anything else that will fail the same way again.</summary>
    Permanent,
}
