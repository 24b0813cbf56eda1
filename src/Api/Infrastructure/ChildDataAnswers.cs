using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.Options;
using WechatCare.Api.Auth;
using WechatCare.Domain.Children;
using WechatCare.Domain.Pairing;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// How the idempotency store treats a mutating route whose answer may carry a child's personal data. A stored answer
/// would outlive what the child's privacy rules do after it: a replay within 24 h served the whole archive after the
/// guardian withdrew consent, asked for deletion, or after erasure, with no visibility check and no audit row. So
/// no child's personal data is stored in or replayed from the store; what happens instead is decided per route here,
/// in one place, and a test makes every mutating route of the child features appear in <see cref="ChildDataAnswers"/>.
/// </summary>
public sealed class ChildDataAnswer
{
    private ChildDataAnswer(string kind, IReadOnlyList<string> kept, Func<HttpContext, JsonObject, CancellationToken, ValueTask<object>>? read)
    {
        Kind = kind;
        Kept = kept;
        Read = read;
    }

    /// <summary>For tests and logs: read-back, kept, rerun or stored.</summary>
    public string Kind { get; }

    /// <summary>The JSON properties of a successful first answer the store keeps (ids and such, never personal data).</summary>
    public IReadOnlyList<string> Kept { get; }

    /// <summary>The replay's answer: the current scoped, audited read of what the first answer showed.</summary>
    public Func<HttpContext, JsonObject, CancellationToken, ValueTask<object>>? Read { get; }

    /// <summary>A read sent as POST (a search): nothing is remembered, a repeat runs (and is audited) again.</summary>
    public bool Rerun => Kind == "rerun";

    /// <summary>The answer holds no personal data (ids, dates, scopes, counts, an invite code): stored whole, as any route's.</summary>
    public bool StoredWhole => Kind == "stored";

    /// <summary>
    /// Keep the status, the Location and <paramref name="idField"/>; a replay answers with <paramref name="read"/>, so a
    /// record the caller may no longer see is a 404 and a read writes its audit row, like any other read. Chosen over an
    /// id-only body for the archive and pairing routes: the client gets the shape it expects, as of now.
    /// </summary>
    public static ChildDataAnswer ReadBack(string idField, Func<HttpContext, Guid, CancellationToken, ValueTask<object>> read) =>
        new("read-back", [idField], (http, kept, ct) => read(http, kept[idField]!.GetValue<Guid>(), ct));

    /// <summary>Keep the status, the Location and only these fields; a replay answers with them (no read exists to repeat).</summary>
    public static ChildDataAnswer KeepOnly(params string[] fields) => new("kept", fields, null);

    public static readonly ChildDataAnswer Rerunning = new("rerun", [], null);
    public static readonly ChildDataAnswer Stored = new("stored", [], null);
}

public static class ChildDataAnswers
{
    /// <summary>A route under these prefixes that the table does not name stores its status and Location only.</summary>
    public static readonly string[] ChildPrefixes =
        ["/api/children", "/api/me/children", "/api/pairings", "/api/attendance", "/api/activities/{id:guid}/children", "/api/organizations/{orgId:guid}/breach"];

    /// <summary>By endpoint name (<c>WithName</c>).</summary>
    public static readonly FrozenDictionary<string, ChildDataAnswer> ByEndpoint = new Dictionary<string, ChildDataAnswer>
    {
        // The archive itself.
        ["CreateChild"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetChildQuery(http.User.CallerId(), id), ct)),
        ["UpdateChild"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetChildQuery(http.User.CallerId(), id), ct)),
        ["RedeemGuardianInvite"] = ChildDataAnswer.ReadBack("childId", (http, id, ct) => Send(http, new GetLinkedChildQuery(http.User.CallerId(), id), ct)),
        // Reads sent as POST (phones stay out of URLs): a repeat is a new, audited read.
        ["SearchChildren"] = ChildDataAnswer.Rerunning,
        ["ListGuardiansToInform"] = ChildDataAnswer.Rerunning,
        // The teacher's note is about the child.
        ["WriteWeeklyNote"] = ChildDataAnswer.KeepOnly("childId", "weekOf"),
        // Pairings name their children; a contact's notes are about the child.
        ["CreatePairing"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetPairingQuery(http.User.CallerId(), id), ct)),
        ["EndPairing"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetPairingQuery(http.User.CallerId(), id), ct)),
        ["HandOverPairing"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetPairingQuery(http.User.CallerId(), id), ct)),
        ["StartClassTalks"] = ChildDataAnswer.ReadBack("id", (http, id, ct) => Send(http, new GetPairingQuery(http.User.CallerId(), id), ct)),
        ["LogContact"] = ChildDataAnswer.KeepOnly("id", "pairingId", "childId", "mentorId", "mentorName", "kind", "at", "durationMinutes", "outcome", "counts"),
        // Ids, dates, scopes, counts, statuses and an invite code: no personal data in these answers.
        ["IssueGuardianInvite"] = ChildDataAnswer.Stored,
        ["RenewConsent"] = ChildDataAnswer.Stored,
        ["WithdrawConsent"] = ChildDataAnswer.Stored,
        ["RequestChildDeletion"] = ChildDataAnswer.Stored,
        ["MarkChildLeft"] = ChildDataAnswer.Stored,
        ["RecordAttendance"] = ChildDataAnswer.Stored,
        ["SetChildAdmission"] = ChildDataAnswer.Stored,
        ["EnrolChild"] = ChildDataAnswer.Stored,
        ["DecideChildParticipation"] = ChildDataAnswer.Stored,
        ["RecordChildActivityAttendance"] = ChildDataAnswer.Stored,
    }.ToFrozenDictionary();

    private static readonly ChildDataAnswer Unlisted = ChildDataAnswer.KeepOnly();

    /// <summary>How the store treats <paramref name="endpoint"/>'s answers; null for routes outside the child features.</summary>
    public static ChildDataAnswer? For(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && ByEndpoint.TryGetValue(name, out var listed))
            return listed.StoredWhole ? null : listed;
        // Fail safe: a new route of the child features that nobody classified yet keeps no body.
        return endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern } && ChildPrefixes.Any(p => pattern.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            ? Unlisted
            : null;
    }

    private static async ValueTask<object> Send<T>(HttpContext http, IQuery<T> query, CancellationToken ct) where T : notnull =>
        await http.RequestServices.GetRequiredService<ISender>().Send(query, ct);
}

/// <summary>What the store keeps of a successful answer to a child route: its Location and the kept fields.</summary>
internal sealed record ChildAnswerStub(string? Location, JsonObject Kept)
{
    /// <summary>Marks a stored stub in <c>IdempotencyRecord.ContentType</c> (it is never sent to a client).</summary>
    public const string ContentType = "application/vnd.wechatcare.child-answer-stub+json";

    public static ChildAnswerStub Of(ReadOnlySpan<byte> answer, string? location, ChildDataAnswer how)
    {
        var kept = new JsonObject();
        try
        {
            if (how.Kept.Count > 0 && JsonNode.Parse(answer) is JsonObject whole)
                foreach (var field in how.Kept)
                    if (whole[field] is { } value) kept[field] = value.DeepClone();
        }
        catch (JsonException)
        {
            // Not JSON: nothing is kept.
        }
        return new ChildAnswerStub(location, kept);
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["location"] = Location, ["kept"] = Kept.DeepClone() });

    public static ChildAnswerStub Parse(byte[] stored)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        return new ChildAnswerStub(node["location"]?.GetValue<string>(), node["kept"]?.AsObject() ?? []);
    }

    /// <summary>The replay: the current read (or the kept fields), with the first answer's status and Location.</summary>
    public async Task WriteReplayAsync(HttpContext http, int status, ChildDataAnswer how)
    {
        // The read comes first: if the caller may no longer see the record it throws (404) before anything is written.
        object? body = how.Read is { } read ? await read(http, Kept, http.RequestAborted) : how.Kept.Count > 0 ? Kept : null;
        http.Response.StatusCode = status;
        if (Location is not null) http.Response.Headers.Location = Location;
        http.Response.Headers[IdempotencyMiddleware.ReplayedHeader] = "true";
        if (body is null) return;
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), options);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
