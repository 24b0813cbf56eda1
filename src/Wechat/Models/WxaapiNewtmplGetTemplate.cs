using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[GET] /wxaapi/newtmpl/gettemplate — the mini-program's subscribe templates (check keyword names at start-up).</summary>
public sealed class WxaapiNewtmplGetTemplateResponse : WechatApiResponse
{
    [JsonPropertyName("data")] public IList<Types.Template> Templates { get; set; } = [];

    public static class Types
    {
        public sealed class Template
        {
            [JsonPropertyName("priTmplId")] public string TemplateId { get; set; } = "";
            [JsonPropertyName("title")] public string Title { get; set; } = "";
            /// <summary>e.g. "活动名称:{{thing1.DATA}}\n时间:{{time2.DATA}}".</summary>
            [JsonPropertyName("content")] public string Content { get; set; } = "";
            [JsonPropertyName("example")] public string? Example { get; set; }
            /// <summary>2 = one-time, 3 = long-term.</summary>
            [JsonPropertyName("type")] public int Type { get; set; }
        }
    }
}
