using System.Text.Json;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;
using WechatCare.Wechat;
using WechatCare.Wechat.Models;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Template ids and keyword mappings per message purpose, from <c>Wechat:Templates</c> (flat keys, so the section
/// still binds to <see cref="WechatOptions.Templates"/>):
/// <c>notice</c> = mini-program subscribe template id, <c>notice.fields</c> = <c>thing1=title,thing2=body,time3=time</c>,
/// <c>notice.oa</c> = Official Account template id, <c>notice.oa.fields</c> = <c>thing1=title,thing2=body,time3=time</c>
/// (today's OA templates use typed keywords too; the old <c>first</c> line is no longer shown, so the title is never put there).
/// A purpose without its own keys uses <c>default</c>. Our fields: <c>title</c>, <c>body</c>, <c>time</c> (when due) and the
/// message's data fields.
/// </summary>
public sealed class TemplateCatalog(IOptions<WechatOptions> options)
{
    public const string Fallback = "default";
    private const string FieldsDefault = "thing1=title,thing2=body,time3=time";

    /// <summary>Digests never spend a subscribe grant: they use one only if configured for them by name.</summary>
    public TemplateMapping? Subscribe(string purpose) => Find(purpose, "")
        ?? (purpose == NoticeReminderJob.DigestPurpose ? null : Find(Fallback, ""));

    public TemplateMapping? OfficialAccount(string purpose) => Find(purpose, ".oa") ?? Find(Fallback, ".oa");

    private TemplateMapping? Find(string purpose, string suffix)
    {
        var templates = options.Value.Templates;
        if (!templates.TryGetValue(purpose + suffix, out var id) || string.IsNullOrWhiteSpace(id)) return null;
        var fields = templates.GetValueOrDefault(purpose + suffix + ".fields") is { Length: > 0 } f ? f : FieldsDefault;
        var pairs = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2)
            .Select(p => (Keyword: p[0], Field: p[1])).ToList();
        return new TemplateMapping(id.Trim(), pairs, OfficialAccount: suffix == ".oa");
    }
}

public sealed record TemplateMapping(string TemplateId, IReadOnlyList<(string Keyword, string Field)> Fields, bool OfficialAccount)
{
    /// <summary>
    /// Keyword values for one message, each cut to WeChat's limit for its type and channel (a long title gets an
    /// ellipsis), so WeChat never refuses or elides them.
    /// </summary>
    public Dictionary<string, WechatMessageValue> ValuesFor(OutboxMessage message)
    {
        var ours = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["title"] = message.Title,
            ["body"] = message.Body,
            ["time"] = ChinaTime.ToChina(message.FirstDueAtUtc).ToString("yyyy年M月d日 HH:mm"),   // not a retry's time
        };
        if (!string.IsNullOrEmpty(message.DataJson))
        {
            using var data = JsonDocument.Parse(message.DataJson);
            if (data.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var field in data.RootElement.EnumerateObject())
                    ours[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
        }
        return Fields.ToDictionary(f => f.Keyword,
            f => new WechatMessageValue(Fit(f.Keyword, Flatten(ours.GetValueOrDefault(f.Field) ?? "-"))));
    }

    private string Fit(string keyword, string value) =>
        OfficialAccount ? TemplateMessageFields.Fit(keyword, value) : SubscribeMessageFields.Fit(keyword, value);

    // Keyword values are one line.
    private static string Flatten(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim() is { Length: > 0 } v ? v : "-";
}
