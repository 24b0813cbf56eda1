using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WechatCare.Tests.Infrastructure;

public static class HttpExtensions
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object body) =>
        http.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string url, object body) =>
        http.PutAsJsonAsync(url, body);

    public static string Str(this JsonNode node, string name) => node[name]?.GetValue<JsonElement>().ToString()
        ?? throw new InvalidOperationException($"no '{name}' in {node.ToJsonString()}");
}
