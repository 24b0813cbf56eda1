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
/// <c>notice.oa</c> = Official Account template id, <c>notice.oa.fields</c> = <c>first=title,keyword1=body,keyword2=time</c>.
/// A purpose without its own keys uses <c>default</c>. Our fields: <c>title</c>, <c>body</c>, <c>time</c> (when due) and the
/// message's data fields.
/// </summary>
public sealed class TemplateCatalog(IOptions<WechatOptions> options)
{
    public const string Fallback = "default";
    private const string SubscribeFieldsDefault = "thing1=title,thing2=body,time3=time";
    private const string OfficialFieldsDefault = "first=title,keyword1=body,keyword2=time";

    /// <summary>Digests never spend a subscribe grant: they use one only if configured for them by name.</summary>
    public TemplateMapping? Subscribe(string purpose) => Find(purpose, "", SubscribeFieldsDefault)
        ?? (purpose == NoticeReminderJob.DigestPurpose ? null : Find(Fallback, "", SubscribeFieldsDefault));

    public TemplateMapping? OfficialAccount(string purpose) => Find(purpose, ".oa", OfficialFieldsDefault) ?? Find(Fallback, ".oa", OfficialFieldsDefault);

    private TemplateMapping? Find(string purpose, string suffix, string defaultFields)
    {
        var templates = options.Value.Templates;
        if (!templates.TryGetValue(purpose + suffix, out var id) || string.IsNullOrWhiteSpace(id)) return null;
        var fields = templates.GetValueOrDefault(purpose + suffix + ".fields") is { Length: > 0 } f ? f : defaultFields;
        var pairs = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2)
            .Select(p => (Keyword: p[0], Field: p[1])).ToList();
        return new TemplateMapping(id.Trim(), pairs);
    }
}

public sealed record TemplateMapping(string TemplateId, IReadOnlyList<(string Keyword, string Field)> Fields)
{
    /// <summary>Keyword values for one message, each cut to WeChat's limit for its type (a long title gets an ellipsis).</summary>
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
            f => new WechatMessageValue(SubscribeMessageFields.Fit(f.Keyword, Flatten(ours.GetValueOrDefault(f.Field) ?? "-"))));
    }

    // Keyword values are one line.
    private static string Flatten(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim() is { Length: > 0 } v ? v : "-";
}
