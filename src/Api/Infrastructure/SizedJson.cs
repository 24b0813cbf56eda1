using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// Answers the value an endpoint returns as JSON with a Content-Length, in one write. Minimal APIs stream a returned
/// value with chunked encoding, and Kestrel then sends the body and the closing empty chunk as two packets: two sends
/// on the server and two reads on the client for every answer. Our answers are small (a page at most), so
/// serializing them whole first costs less than the second packet.
/// </summary>
public static class SizedJson
{
    /// <summary>Every endpoint of <paramref name="builder"/> that returns a plain value answers it sized.</summary>
    public static TBuilder AnswerSizedJson<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var answer = await next(context);
            return answer is null or IResult or string ? answer : new Result(answer);
        });

    private sealed class Result(object value) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
        }
    }
}
