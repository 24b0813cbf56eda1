using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on a mutating request: the first answer is stored (in the database, so it holds across
/// replicas and restarts) and the same caller's key with the same body within 24 h gets that answer again. The same key
/// with a different body is refused; a second copy arriving while the first is still running gets 409.
/// The stored answer is encrypted like a sensitive field: answers can carry personal data (a volunteer's profile),
/// which must not lie in the database in clear text. Answers of the child features are not stored at all when they
/// carry a child's personal data: <see cref="ChildDataAnswers"/> says per route what is kept and how a replay answers.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly TimeSpan Lifetime = WechatCare.Bot.Maintenance.PurgeIdempotencyRecordsJob.KeptFor;
    /// <summary>
    /// A record still "in progress" after this was left by a process that died mid-request (a request takes seconds):
    /// the key is free again rather than answering 409 for the rest of the day.
    /// </summary>
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http)
    {
        var key = http.Request.Headers[Header].ToString();
        // Anonymous callers share no key space: only a signed-in caller's keys are remembered.
        if (key.Length == 0 || !RateLimitMiddleware.IsMutating(http.Request.Method) || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }
        if (key.Length > 100) throw new DomainException("idempotency_key_invalid", "Idempotency-Key 不能超过 100 个字符");
        var childData = ChildDataAnswers.For(http.GetEndpoint());
        if (childData is { Rerun: true })
        {
            await next(http);
            return;
        }

        // Resolved here, not as a parameter: a parameter would rent a context for every request, reads included.
        var db = http.RequestServices.GetRequiredService<CareDb>();
        var recordKey = $"{http.User.CallerId():N}:{key}";
        var requestHash = await HashRequestAsync(http.Request);
        var now = clock.GetUtcNow();

        var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == recordKey, http.RequestAborted);
        var abandoned = existing is { IsComplete: false } && existing.CreatedAtUtc < (now - InProgressLease).UtcDateTime;
        if (existing is not null && (existing.CreatedAtUtc < (now - Lifetime).UtcDateTime || abandoned))
        {
            await db.IdempotencyRecords.Where(r => r.Key == recordKey).ExecuteDeleteAsync(http.RequestAborted);
            existing = null;
        }
        if (existing is not null)
        {
            await ReplayAsync(http, existing, requestHash, childData);
            return;
        }

        var record = IdempotencyRecord.Start(recordKey, requestHash, now);
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Another copy of this request claimed the key between our read and our insert.
            throw new ConflictException("request_in_progress", "相同的请求正在处理中，请稍候");
        }
        db.ChangeTracker.Clear();

        var originalBody = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch
        {
            // A failed attempt must not pin the key: the client may retry with it.
            await db.IdempotencyRecords.Where(r => r.Key == recordKey).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = originalBody;
        }

        var bytes = captured.ToArray();
        if (http.Response.StatusCode < 500)
        {
            // A child route's success keeps its status, Location and the fields ChildDataAnswers names, never the
            // body; its refusals (ProblemDetails: codes and ids) are stored like any other route's.
            var (contentType, answer) = childData is not null && http.Response.StatusCode < 300
                ? (ChildAnswerStub.ContentType, ChildAnswerStub.Of(bytes, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, childData).ToBytes())
                : (http.Response.ContentType, bytes);
            var stored = Seal(http, answer);
            await db.IdempotencyRecords.Where(r => r.Key == recordKey).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, http.Response.StatusCode)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.ResponseBody, stored), CancellationToken.None);
        }
        else
        {
            await db.IdempotencyRecords.Where(r => r.Key == recordKey).ExecuteDeleteAsync(CancellationToken.None);
        }
        await originalBody.WriteAsync(bytes, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord existing, string requestHash, ChildDataAnswer? childData)
    {
        if (existing.RequestHash != requestHash)
            throw new DomainException("idempotency_key_reused", "同一个 Idempotency-Key 不能用于不同的请求");
        if (!existing.IsComplete)
            throw new ConflictException("request_in_progress", "相同的请求正在处理中，请稍候");
        var status = existing.StatusCode!.Value;
        if (existing.ContentType == ChildAnswerStub.ContentType || (childData is not null && status < 300))
        {
            // A whole answer stored before child answers were stubbed is cut down to its stub here: it is never replayed.
            var body = Open(http, existing.ResponseBody);
            var stub = existing.ContentType == ChildAnswerStub.ContentType ? ChildAnswerStub.Parse(body) : ChildAnswerStub.Of(body, null, childData!);
            await stub.WriteReplayAsync(http, status, childData ?? ChildDataAnswer.KeepOnly());
            return;
        }
        http.Response.StatusCode = status;
        if (existing.ContentType is not null) http.Response.ContentType = existing.ContentType;
        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.Body.WriteAsync(Open(http, existing.ResponseBody), http.RequestAborted);
    }

    private static byte[] Seal(HttpContext http, byte[] body) =>
        Encoding.ASCII.GetBytes(http.RequestServices.GetRequiredService<FieldCipher>().Encrypt(Convert.ToBase64String(body)));

    private static byte[] Open(HttpContext http, byte[]? stored) => stored is null ? []
        : Convert.FromBase64String(http.RequestServices.GetRequiredService<FieldCipher>().Decrypt(Encoding.ASCII.GetString(stored)));

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0) sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
