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
public sealed partial class ProblemDetailsMapping(IProblemDetailsService problems, ILogger<ProblemDetailsMapping> log) : IExceptionHandler
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
            BadHttpRequestException b when UnboundParameter(b) is { } parameter => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [parameter.Name] = [parameter.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "请求格式不正确",
                Detail = "请求参数不正确",
                Extensions = { ["code"] = "malformed_request" },
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

    /// <summary>
    /// A query-string, route or header value the framework could not bind (<c>?page=abc</c>) or that is missing
    /// (<c>organizationId</c> not given): the parameter's name and what it takes, in Chinese. Null for a body that could
    /// not be read. The framework says which in its (English) message, naming the parameter as <c>"Type name"</c>.
    /// </summary>
    private static (string Name, string Message)? UnboundParameter(BadHttpRequestException b)
    {
        if (b.InnerException is System.Text.Json.JsonException) return null;
        var match = ParameterMessage().Match(b.Message);
        if (!match.Success) return null;
        var (kind, type, name, value) = (match.Groups["kind"].Value, match.Groups["type"].Value, match.Groups["name"].Value, match.Groups["value"].Value);
        if (kind == "Required" && match.Groups["source"].Value is "body" or "") return null;
        var wanted = Expected(type);
        if (kind == "Required") return (name, $"缺少参数 {name}{(wanted is null ? "" : $"（{wanted}）")}");
        var shown = value.Length <= 40 ? value : value[..40] + "…";
        return (name, $"参数 {name} 的取值“{shown}”无法识别{(wanted is null ? "" : $"，{wanted}")}");
    }

    /// <summary>What a parameter of this C# type takes, said for a person.</summary>
    private static string? Expected(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?')) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "应为整数",
        "decimal" or "double" or "float" or "Decimal" or "Double" => "应为数字",
        "bool" or "Boolean" => "应为 true 或 false",
        "Guid" => "应为有效的编号",
        "DateOnly" => "应为日期，如 2026-09-01",
        "DateTimeOffset" or "DateTime" => "应为时间，如 2026-09-01T18:00:00+08:00",
        "TimeOnly" => "应为时刻，如 18:00",
        _ => null,
    };

    [System.Text.RegularExpressions.GeneratedRegex("""^(?<kind>Failed to bind|Required) parameter "(?<type>[^"]*) (?<name>[^" ]+)"(?: from "(?<value>.*)"\.$| was not provided from (?<source>[^.]*)\.$)""",
        System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex ParameterMessage();

    /// <summary>
    /// Answers the framework writes by status alone (an expired token's 401, an unknown route's 404, a wrong method's
    /// 405) get the same stable <c>code</c> and Chinese text as ours; its own are English and carry no code.
    /// </summary>
    public static void ForStatusOnly(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        var (code, title, detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("unauthenticated", "未登录", "登录已过期或尚未登录，请重新登录"),
            StatusCodes.Status403Forbidden => ("forbidden", "没有权限", "你没有权限执行此操作"),
            StatusCodes.Status404NotFound => ("not_found", "未找到", "请求的内容不存在，或你无权查看"),
            StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "不支持的请求方式", "该地址不支持这种请求方式"),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "不支持的内容类型", "请以 JSON 格式提交"),
            >= 400 and < 500 => ("bad_request", "请求有误", "请求无法处理，请检查后重试"),
            _ => ("internal_error", "服务器内部错误", "服务器出了点问题，请稍后再试"),
        };
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
    }

    /// <summary>FluentValidation names properties in PascalCase (<c>Items[0].Quantity</c>); clients send camelCase.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
