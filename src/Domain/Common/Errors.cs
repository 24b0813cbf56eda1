namespace WechatCare.Domain.Common;

/// <summary>
/// A business rule said no. <see cref="Code"/> is the stable machine-readable code clients switch on;
/// <see cref="Detail"/> is the Chinese sentence the user reads. Maps to 422 unless a subclass says otherwise.
/// </summary>
public class DomainException(string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(code)
{
    public string Code { get; } = code;
    public string Detail { get; } = detail;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>The request conflicts with the current state (409), e.g. <c>already_signed_up</c>.</summary>
public sealed class ConflictException(string code, string detail) : DomainException(code, detail);

/// <summary>Not found, or not visible to the caller (404): the two must be indistinguishable.</summary>
public sealed class NotFoundException(string what) : DomainException("not_found", $"未找到{what}，或你无权查看");

/// <summary>The caller is known but may not do this (403).</summary>
public sealed class ForbiddenException(string detail = "你没有权限执行此操作") : DomainException("forbidden", detail);

/// <summary>The caller could not be identified (401), e.g. a WeChat login code was refused.</summary>
public sealed class UnauthenticatedException(string code, string detail) : DomainException(code, detail);

/// <summary>Too many requests (429); <see cref="RetryAfter"/> goes into the Retry-After header.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter)
    : DomainException("rate_limited", "操作太频繁，请稍后再试")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>WeChat could not be reached or refused for a reason that is not the user's fault (502).</summary>
public sealed class WechatUnavailableException(string detail = "微信服务暂时不可用，请稍后再试", Exception? inner = null)
    : Exception(detail, inner);
