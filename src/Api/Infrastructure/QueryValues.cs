using FluentValidation;
using FluentValidation.Results;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// Enum values in query strings as clients write them in JSON (<c>?status=published</c>, <c>care-home</c>): minimal
/// APIs would bind enums case-sensitively by C# name. An unknown value is a 400 naming the parameter.
/// </summary>
public static class QueryValues
{
    public static TEnum? Enum<TEnum>(string? value, string parameter) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (System.Enum.TryParse<TEnum>(value.Replace("-", ""), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)) return parsed;
        throw new ValidationException([new ValidationFailure(parameter, $"无法识别的取值：{value}")]);
    }
}
