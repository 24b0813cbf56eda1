using System.Diagnostics;
using System.Text.Json;

namespace WechatCare.Wechat.Tests.Support;

/// <summary>../shared/wechat/vectors.json next to the repository (found by walking up to WechatCare.sln).</summary>
internal static class Vectors
{
    public const string Missing = "(vectors.json missing)";

    private static readonly Lazy<JsonElement?> Root = new(Load);

    public static string? FilePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "WechatCare.sln")))
                {
                    var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "wechat", "vectors.json"));
                    return File.Exists(path) ? path : null;
                }
            return null;
        }
    }

    /// <summary>Theory data: the ids of one group, or a single marker that makes the test skip visibly.</summary>
    public static TheoryData<string> Ids(string group, string? having = null)
    {
        var data = new TheoryData<string>();
        if (Root.Value is not { } root) data.Add(Missing);
        else
            foreach (var v in root.GetProperty(group).EnumerateArray())
                if (having is null || v.TryGetProperty(having, out _)) data.Add(v.GetProperty("id").GetString()!);
        return data;
    }

    public static JsonElement Get(string group, string id)
    {
        if (id == Missing || Root.Value is not { } root)
        {
            Assert.Skip("vectors.json not found at ../shared/wechat/vectors.json next to the repository: vector tests skipped");
            throw new UnreachableException();
        }
        return root.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
    }

    public static string Text(this JsonElement vector, string name) => vector.GetProperty(name).GetString()!;

    public static string? OptionalText(this JsonElement vector, string name) =>
        vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? Load() =>
        FilePath is { } path ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone() : null;
}
