using System.Text.Json;
using Flurl;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;
using WechatCare.Wechat.Tokens;

namespace WechatCare.Wechat;

/// <summary>
/// Talks to WeChat for one app (one AppId). Endpoints are extension methods, one file per URL family
/// (Endpoints/*.cs). This class owns what every call shares: the access token with its one refresh-and-retry,
/// errcode → <see cref="WechatApiException"/>, and the retries that are safe.
/// </summary>
public sealed class WechatApiClient
{
    internal const string HttpClientName = "wechat";

    private static readonly DefaultJsonSerializer Serializer = new(WechatJson.Options);

    private readonly IHttpClientFactory _httpClients;
    private readonly IAccessTokenStore _tokens;
    private readonly Func<CancellationToken, ValueTask<string>> _baseUrl;
    private readonly TimeProvider _clock;
    private readonly WechatOptions _options;
    private readonly ILogger _logger;

    internal WechatApiClient(WechatApp app, WechatAppOptions credentials, WechatOptions options, IHttpClientFactory httpClients,
        IAccessTokenStore tokens, Func<CancellationToken, ValueTask<string>> baseUrl, TimeProvider clock, ILogger logger)
    {
        App = app;
        Credentials = credentials;
        _options = options;
        _httpClients = httpClients;
        _tokens = tokens;
        _baseUrl = baseUrl;
        _clock = clock;
        _logger = logger;
    }

    public WechatApp App { get; }
    public string AppId => Credentials.AppId;
    internal WechatAppOptions Credentials { get; }

    /// <summary>The current access token (fetched single-flight when missing or about to expire).</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken ct = default) =>
        (await _tokens.GetOrRefreshAsync(AppId, _options.TokenRefreshMargin, c => FetchAccessTokenAsync(rejected: null, c), ct)).Value;

    /// <summary>Sends a call and deserialises the JSON answer; throws <see cref="WechatApiException"/> on any errcode.</summary>
    internal async Task<TResponse> SendAsync<TResponse>(WechatCall call, CancellationToken ct) where TResponse : WechatApiResponse
    {
        var answer = await SendRawAsync(call, ct);
        if (!answer.IsJson)
            throw new WechatApiException(WechatApiException.TransportFailure, $"expected JSON, got {answer.ContentType}", call.Path, WechatFailureKind.Transient);
        return JsonSerializer.Deserialize<TResponse>(answer.Body, WechatJson.Options)
               ?? throw new WechatApiException(WechatApiException.TransportFailure, "empty JSON answer", call.Path, WechatFailureKind.Transient);
    }

    /// <summary>Sends a call and returns the body as is when it is not a JSON error (image endpoints).</summary>
    internal async Task<WechatAnswer> SendRawAsync(WechatCall call, CancellationToken ct)
    {
        if (!call.WithAccessToken) return await SendWithRetriesAsync(call, accessToken: null, ct);

        var token = await GetAccessTokenAsync(ct);
        try
        {
            return await SendWithRetriesAsync(call, token, ct);
        }
        catch (WechatApiException e) when (WechatErrorCodes.IsTokenRejection(e.ErrorCode))
        {
            // Someone refreshed (or the token expired early): drop it only if it is still the failing one, then retry once.
            _logger.LogWarning("WeChat rejected the access token of {AppId} on {Endpoint} (errcode {ErrorCode}); refreshing once", AppId, call.Path, e.ErrorCode);
            await _tokens.InvalidateAsync(AppId, token, ct);
            var fresh = await _tokens.GetOrRefreshAsync(AppId, _options.TokenRefreshMargin, c => FetchAccessTokenAsync(token, c), ct);
            return await SendWithRetriesAsync(call, fresh.Value, ct);
        }
    }

    private async Task<AccessToken> FetchAccessTokenAsync(string? rejected, CancellationToken ct)
    {
        var answer = await RequestAccessTokenAsync(forceRefresh: false, ct);
        // stable_token returns the current token while it is valid; if that is the one just rejected, force a new one.
        if (answer.AccessToken == rejected && _options.UseStableToken)
            answer = await RequestAccessTokenAsync(forceRefresh: true, ct);
        _logger.LogInformation("Fetched a WeChat access token for {AppId}, valid {Seconds} s", AppId, answer.ExpiresIn);
        return new AccessToken(answer.AccessToken, _clock.GetUtcNow().AddSeconds(answer.ExpiresIn));
    }

    private Task<CgibinTokenResponse> RequestAccessTokenAsync(bool forceRefresh, CancellationToken ct)
    {
        var call = _options.UseStableToken
            ? WechatCall.Post("cgi-bin/stable_token", new CgibinStableTokenRequest
            {
                AppId = AppId, Secret = Credentials.AppSecret, ForceRefresh = forceRefresh,
            }, withAccessToken: false, retryable: true)
            : WechatCall.Get("cgi-bin/token", withAccessToken: false, retryable: true)
                .With("grant_type", "client_credential").With("appid", AppId).With("secret", Credentials.AppSecret);
        return SendAsync<CgibinTokenResponse>(call, ct);
    }

    private async Task<WechatAnswer> SendWithRetriesAsync(WechatCall call, string? accessToken, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(call, accessToken, ct);
            }
            catch (WechatApiException e) when (e.IsRetryable && call.Retryable && attempt < _options.MaxRetries)
            {
                var delay = _options.RetryBaseDelay * Math.Pow(3, attempt) * (0.8 + Random.Shared.NextDouble() * 0.4);
                _logger.LogInformation("WeChat {Endpoint} failed transiently (errcode {ErrorCode}); retry {Attempt} in {Delay} ms",
                    call.Path, e.ErrorCode, attempt + 1, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, ct);
            }
        }
    }

    private async Task<WechatAnswer> SendOnceAsync(WechatCall call, string? accessToken, CancellationToken ct)
    {
        using var flurl = new FlurlClient(_httpClients.CreateClient(HttpClientName));
        flurl.Settings.JsonSerializer = Serializer;
        flurl.Settings.AllowedHttpStatusRange = "*";

        var request = flurl.Request(Url.Combine(await _baseUrl(ct), call.Path));
        if (accessToken is not null) request.SetQueryParam("access_token", accessToken);
        foreach (var (name, value) in call.Query) request.SetQueryParam(name, value);

        IFlurlResponse response;
        try
        {
            response = call.Method == HttpMethod.Get
                ? await request.GetAsync(cancellationToken: ct)
                : await request.PostJsonAsync(call.Body ?? new { }, cancellationToken: ct);
        }
        catch (FlurlHttpException e) when (!ct.IsCancellationRequested)
        {
            // Timeouts, refused or dropped connections, an open circuit: nothing came back.
            throw new WechatApiException(WechatApiException.TransportFailure, e.InnerException?.Message ?? e.Message, call.Path, WechatFailureKind.Transient, e);
        }

        using (response)
        {
            var body = await response.GetBytesAsync();
            if (response.StatusCode >= 500)
                throw new WechatApiException(WechatApiException.TransportFailure, $"HTTP {response.StatusCode}", call.Path, WechatFailureKind.Transient);
            if (response.StatusCode >= 400)
                throw new WechatApiException(WechatApiException.TransportFailure, $"HTTP {response.StatusCode}", call.Path, WechatFailureKind.Permanent);

            var answer = new WechatAnswer(body, response.ResponseMessage.Content.Headers.ContentType?.MediaType);
            if (answer.ReadError() is { } error)
            {
                _logger.LogWarning("WeChat {Endpoint} answered errcode {ErrorCode}: {ErrorMessage}", call.Path, error.Code, error.Message);
                throw new WechatApiException(error.Code, error.Message, call.Path, WechatErrorCodes.Classify(error.Code));
            }
            return answer;
        }
    }
}
