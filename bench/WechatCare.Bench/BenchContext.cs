using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WechatCare.Bench;

/// <summary>What every scenario gets: the running host, a shared HTTP client, the load settings and H.</summary>
public sealed class BenchContext(HttpClient http, string mysql, int concurrency, TimeSpan duration)
{
    public HttpClient Http { get; } = http;
    /// <summary>The MariaDB server (connection string without a database), for scenarios that check invariants.</summary>
    public string MySql { get; } = mysql;
    public int Concurrency { get; } = concurrency;
    public TimeSpan Duration { get; } = duration;
    /// <summary>H: requests per second of the hello-world endpoint, measured first in the same run.</summary>
    public double HelloPerSecond { get; set; }
    /// <summary>The Release host's dll and the Redis address, for scenarios that start their own host.</summary>
    public string ApiDll { get; init; } = "";
    public string Redis { get; init; } = "";
    /// <summary>The host <see cref="Http"/> talks to, for its CPU time per request.</summary>
    public HostProcess? Host { get; init; }

    /// <summary>Logs in through the Sandbox WeChat as <paramref name="name"/>; returns the bearer token and user id.</summary>
    public async Task<(string Token, string UserId)> LogInAsync(string name)
    {
        var response = await Http.PostAsJsonAsync("/api/auth/login", new { code = $"{name}#{Guid.NewGuid():N}" });
        var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        return (body!["token"]!.GetValue<string>(), body["user"]!["id"]!.GetValue<string>());
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }
}

/// <summary>One line of the results table.</summary>
public sealed record BenchRow(string Scenario, string Baseline, string Value, string Ratio, string Goal, bool? Met = null);
