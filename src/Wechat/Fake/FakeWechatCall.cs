namespace WechatCare.Wechat.Fake;

/// <summary>One request the fake WeChat received, and what it answered.</summary>
/// <param name="Path">e.g. cgi-bin/message/template/send (no leading slash).</param>
/// <param name="AppId">The app whose credentials or access token the call carried, when known.</param>
/// <param name="ErrorCode">0 on success; the errcode answered; -1 also for a dropped connection.</param>
public sealed record FakeWechatCall(
    string Path, string Query, string Body, DateTimeOffset At, string? AppId, int ErrorCode, string Answer)
{
    /// <summary>The access_token query value, if any.</summary>
    public string? AccessToken => System.Web.HttpUtility.ParseQueryString(Query)["access_token"];
}

/// <summary>A message the fake accepted for delivery (what a real user would have received).</summary>
public sealed record FakeWechatDelivery(string Path, string AppId, string ToUser, string Body, DateTimeOffset At);
