using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// <c>Jwt:SigningKey</c> and <c>Security:DataKey</c> must be configured outside Development. In Development a missing
/// key is generated once and kept in <c>wechatcare.dev-keys.json</c> (git-ignored) so a restart can still read what
/// was encrypted before.
/// </summary>
public static class Secrets
{
    private const string DevKeyFile = "wechatcare.dev-keys.json";
    public static readonly string[] RequiredKeys = ["Jwt:SigningKey", "Security:DataKey"];

    public static void EnsureKeys(WebApplicationBuilder builder)
    {
        var missing = RequiredKeys.Where(k => string.IsNullOrWhiteSpace(builder.Configuration[k])).ToList();
        if (missing.Count == 0) return;
        if (!builder.Environment.IsDevelopment())
            throw new InvalidOperationException($"Missing configuration: {string.Join(", ", missing)} (base64 of 32 random bytes each).");

        var path = Path.Combine(builder.Environment.ContentRootPath, DevKeyFile);
        var stored = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject();
        foreach (var key in missing)
        {
            stored[key] ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            builder.Configuration[key] = stored[key]!.GetValue<string>();
        }
        File.WriteAllText(path, stored.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
