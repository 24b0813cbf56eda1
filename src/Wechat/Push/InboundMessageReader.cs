using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace WechatCare.Wechat.Push;

/// <summary>Turns a decrypted push body (XML or JSON — same field names) into a typed <see cref="InboundMessage"/>.</summary>
internal static class InboundMessageReader
{
    private static readonly XmlReaderSettings SafeXml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static XElement ParseXml(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), SafeXml);
            return XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw new WechatPushException(WechatPushRejection.Malformed, "The push body is not valid XML.", e);
        }
    }

    /// <summary>JSON pushes become the same element tree as XML ones; an array becomes repeated elements.</summary>
    public static XElement ParseJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return ToElement("xml", doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new WechatPushException(WechatPushRejection.Malformed, "The push body is not valid JSON.", e);
        }
    }

    public static InboundMessage Read(XElement root)
    {
        var fields = root.Elements().Where(e => !e.HasElements)
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value);
        string? Field(string name) => fields.GetValueOrDefault(name);

        var msgType = Field("MsgType") ?? "";
        var evt = Field("Event");
        InboundMessage message = (msgType.ToLowerInvariant(), evt?.ToLowerInvariant()) switch
        {
            ("text", _) => new TextMessage { Content = Field("Content") ?? "" },
            ("image", _) => new ImageMessage { PicUrl = Field("PicUrl") ?? "", MediaId = Field("MediaId") ?? "" },
            ("voice", _) => new VoiceMessage { MediaId = Field("MediaId") ?? "", Format = Field("Format"), Recognition = Field("Recognition") },
            ("event", "subscribe") => new SubscribeEvent { EventKey = NullIfEmpty(Field("EventKey")), Ticket = NullIfEmpty(Field("Ticket")) },
            ("event", "unsubscribe") => new UnsubscribeEvent(),
            ("event", "scan") => new ScanEvent { SceneValue = Field("EventKey") ?? "", Ticket = NullIfEmpty(Field("Ticket")) },
            ("event", "click") => new MenuClickEvent { Key = Field("EventKey") ?? "" },
            ("event", "view") => new MenuViewEvent { Url = Field("EventKey") ?? "", MenuId = NullIfEmpty(Field("MenuId")) },
            ("event", "subscribe_msg_popup_event") => new SubscribeMessagePopupEvent { Decisions = Decisions(root, "SubscribeMsgPopupEvent") },
            ("event", "subscribe_msg_change_event") => new SubscribeMessageChangeEvent { Decisions = Decisions(root, "SubscribeMsgChangeEvent") },
            ("event", "subscribe_msg_sent_event") => new SubscribeMessageSentEvent { Results = SentResults(root) },
            ("event", "templatesendjobfinish") => new TemplateSendJobFinishEvent { Status = Field("Status") ?? "" },
            _ => new OtherPush(),
        };

        return message with
        {
            ToUserName = Field("ToUserName") ?? "",
            FromUserName = Field("FromUserName") ?? "",
            CreateTime = long.TryParse(Field("CreateTime"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default,
            MsgType = msgType,
            Event = evt,
            MsgId = NullIfEmpty(Field("MsgId") ?? Field("MsgID")),
            Fields = fields,
        };
    }

    // OA XML nests the items under <SubscribeMsgPopupEvent><List>…; mini-program JSON puts "List" at the top,
    // as one object or as an array — both arrive here as <List> elements.
    private static IEnumerable<XElement> ListItems(XElement root, string container) =>
        root.Elements("List").Concat(root.Elements(container).Elements("List"));

    private static List<SubscribeMessageDecision> Decisions(XElement root, string container) =>
        ListItems(root, container).Select(item => new SubscribeMessageDecision(
            (string?)item.Element("TemplateId") ?? "",
            (string?)item.Element("SubscribeStatusString") ?? "",
            NullIfEmpty((string?)item.Element("PopupScene")))).ToList();

    private static List<SubscribeMessageSentResult> SentResults(XElement root) =>
        ListItems(root, "SubscribeMsgSentEvent").Select(item => new SubscribeMessageSentResult(
            (string?)item.Element("TemplateId") ?? "",
            (string?)item.Element("MsgID") ?? (string?)item.Element("MsgId") ?? "",
            int.TryParse((string?)item.Element("ErrorCode"), out var code) ? code : 0,
            NullIfEmpty((string?)item.Element("ErrorStatus")))).ToList();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static XElement ToElement(string name, JsonElement value)
    {
        var element = new XElement(XmlConvert.EncodeLocalName(name));
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Array)
                        element.Add(property.Value.EnumerateArray().Select(item => ToElement(property.Name, item)));
                    else
                        element.Add(ToElement(property.Name, property.Value));
                }
                break;
            case JsonValueKind.String:
                element.Value = value.GetString() ?? "";
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                element.Value = value.GetRawText();
                break;
        }
        return element;
    }
}
