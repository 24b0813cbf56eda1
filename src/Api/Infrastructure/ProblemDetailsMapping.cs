using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// The one place exceptions become RFC 9457 answers: a stable <c>code</c> for clients and a Chinese <c>detail</c>
/// for people. Every arm spells out its own type so no arm picks up an empty <c>errors</c> member by accident.
/// </summary>
public sealed class ProblemDetailsMapping(IProblemDetailsService problems, ILogger<ProblemDetailsMapping> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(
                v.Errors.GroupBy(e => JsonName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "请求格式不正确",
                Detail = "请检查填写的内容",
                Extensions = { ["code"] = "validation_failed" },
            },
            BadHttpRequestException b => new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [Unreadable(b)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "请求格式不正确",
                Detail = "请求内容无法解析",
                Extensions = { ["code"] = "malformed_request" },
            },
            DomainException d => FromDomain(d),
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "数据已被修改",
                Detail = "数据刚刚被其他人修改，请刷新后重试",
                Extensions = { ["code"] = "concurrent_update" },
            },
            WechatUnavailableException w => new ProblemDetails
            {
                Status = StatusCodes.Status502BadGateway,
                Title = "微信服务不可用",
                Detail = w.Message,
                Extensions = { ["code"] = "wechat_unavailable" },
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "服务器内部错误",
                Detail = "服务器出了点问题，请稍后再试",
                Extensions = { ["code"] = "internal_error" },
            },
        };

        if (problem.Status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled exception on {Method} {Endpoint}", http.Request.Method, http.GetEndpoint()?.DisplayName);
        if (exception is RateLimitedException limited)
            http.Response.Headers.RetryAfter = Math.Ceiling(limited.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromDomain(DomainException d)
    {
        var problem = new ProblemDetails
        {
            Status = d switch
            {
                NotFoundException => StatusCodes.Status404NotFound,
                ForbiddenException => StatusCodes.Status403Forbidden,
                UnauthenticatedException => StatusCodes.Status401Unauthorized,
                ConflictException => StatusCodes.Status409Conflict,
                RateLimitedException => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status422UnprocessableEntity,
            },
            Title = d.Detail,
            Detail = d.Detail,
            Extensions = { ["code"] = d.Code },
        };
        foreach (var (key, value) in d.Extensions) problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>
    /// Why a body could not be read, in Chinese: the framework's own message is English and names our C# types.
    /// The JSON path (<c>$.kind</c>) points the client at the field when the serializer knows it.
    /// </summary>
    private static string Unreadable(BadHttpRequestException b) =>
        b.InnerException is System.Text.Json.JsonException { Path: { Length: > 1 } path }
            ? $"请求内容无法解析：{path.TrimStart('$', '.')} 的格式或取值不正确"
            : "请求内容无法解析：请检查是否为正确的 JSON";

    /// <summary>FluentValidation names properties in PascalCase (<c>Items[0].Quantity</c>); clients send camelCase.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
