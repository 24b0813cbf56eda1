using System.Text.Json;
using System.Text.Json.Serialization;
using WechatCare.Domain.Common;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// Date-times in request bodies: one written without an offset ("2026-09-01T18:00:00", as a date picker gives it) is a
/// time in China (<see cref="ChinaTime.Zone"/>, the product's only zone), not the server's local time — UTC in a
/// container, which turned 18:00 into 02:00 the next day. An explicit offset or "Z" is kept as sent. Answers are
/// written as the serializer's own converter writes them (ISO 8601 with the offset).
/// </summary>
public sealed class ChinaTimeJson : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The serializer's own ISO 8601 reading: an offset is kept as given; without one the time has no zone yet.
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var withOffset) || !reader.TryGetDateTime(out var plain))
            throw new JsonException("not an ISO 8601 date-time");
        return plain.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(plain, ChinaTime.Zone.GetUtcOffset(plain)) : withOffset;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
