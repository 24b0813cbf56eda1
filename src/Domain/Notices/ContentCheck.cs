namespace WechatCare.Domain.Notices;

public enum ContentVerdict { Pass, Review, Risky, Unavailable }

/// <summary>
/// Content security before anything is queued (WeChat <c>wxa/msg_sec_check</c> v2, implemented in the bot). The port
/// keeps WeChat out of the domain; <see cref="ContentVerdict.Unavailable"/> means nobody judged the text.
/// </summary>
public interface IContentCheck
{
    Task<ContentVerdict> CheckAsync(string? authorMiniProgramOpenId, string title, string body, CancellationToken ct);
}
