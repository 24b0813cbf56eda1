using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using WechatCare.Wechat.Push;
using WechatCare.Wechat.Tests.Support;

namespace WechatCare.Wechat.Tests;

public class PushCodecTests
{
    private const string AppId = "wxb11529c136998cb6";
    private const string Token = "pamtest";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string Nonce = "260774613";

    private readonly FakeTimeProvider _clock = Clocks.Now();
    private readonly WechatPushCodec _codec;
    private readonly WechatPushCodec _plainCodec;   // an account in plain mode: no EncodingAesKey configured

    public PushCodecTests()
    {
        _codec = new WechatPushCodec(AppId, Token, AesKey, _clock);
        _plainCodec = new WechatPushCodec(AppId, Token, null, _clock);
    }

    private string Now => _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private (WechatPushQuery Query, string Body) SafeModeXml(string encrypt, string? timestamp = null, string? signature = null)
    {
        var ts = timestamp ?? Now;
        var query = new WechatPushQuery("ignored", ts, Nonce, EncryptType: "aes",
            MsgSignature: signature ?? WechatMessageCrypto.Sign(Token, ts, Nonce, encrypt));
        return (query, new XElement("xml", new XElement("ToUserName", new XCData("gh_1")), new XElement("Encrypt", new XCData(encrypt))).ToString());
    }

    private static string Encrypt(string message, string appId = AppId) =>
        WechatMessageCrypto.Encrypt(WechatMessageCrypto.KeyFrom(AesKey), RandomNumberGenerator.GetBytes(16), message, appId);

    private WechatPushQuery PlainQuery(string? timestamp = null)
    {
        var ts = timestamp ?? Now;
        return new WechatPushQuery(WechatMessageCrypto.Sign(Token, ts, Nonce), ts, Nonce);
    }

    private string Xml(string inner) =>
        $"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser0000000000000000000001]]></FromUserName><CreateTime>{Now}</CreateTime>{inner}</xml>";

    private InboundMessage ParsePlain(string inner) => _plainCodec.ParseOfficialAccountXml(PlainQuery(), Xml(inner)).Message;

    // ---- refusals ----

    [Fact]
    public void Push_encrypted_for_another_appid_is_refused()
    {
        var (query, body) = SafeModeXml(Encrypt(Xml("<MsgType>text</MsgType>"), appId: "wxsomeoneelse00000"));
        Assert.Equal(WechatPushRejection.WrongAppId, Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, body)).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Push_with_bad_padding_is_refused(byte padByte)
    {
        var key = WechatMessageCrypto.KeyFrom(AesKey);
        var frame = new byte[64];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), 4);
        frame[^1] = padByte;
        using var aes = Aes.Create();
        aes.Key = key;
        var encrypt = Convert.ToBase64String(aes.EncryptCbc(frame, key.AsSpan(0, 16), PaddingMode.None));

        var (query, body) = SafeModeXml(encrypt);
        var error = Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, body));
        Assert.Equal(WechatPushRejection.Malformed, error.Reason);
        Assert.Contains("padding", error.Message);
    }

    [Theory]
    [InlineData(1)]   // no longer Base64
    [InlineData(4)]   // Base64, but not whole AES blocks
    public void Push_with_truncated_base64_is_refused(int charsCut)
    {
        var encrypt = Encrypt(Xml("<MsgType>text</MsgType>"));
        var (query, body) = SafeModeXml(encrypt[..^charsCut]);
        Assert.Equal(WechatPushRejection.Malformed, Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, body)).Reason);
    }

    [Fact]
    public void Push_with_wrong_msg_signature_is_refused_before_decrypting()
    {
        var (query, body) = SafeModeXml(Encrypt(Xml("<MsgType>text</MsgType>")), signature: new string('0', 40));
        Assert.Equal(WechatPushRejection.BadSignature, Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, body)).Reason);
    }

    [Fact]
    public void Safe_mode_push_is_not_accepted_on_the_plain_signature_alone()
    {
        var encrypt = Encrypt(Xml("<MsgType>text</MsgType>"));
        var (query, body) = SafeModeXml(encrypt);
        var withPlainSignatureOnly = query with { Signature = WechatMessageCrypto.Sign(Token, query.Timestamp!, Nonce), MsgSignature = null };
        Assert.Equal(WechatPushRejection.BadSignature, Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(withPlainSignatureOnly, body)).Reason);
    }

    [Fact]
    public void With_a_key_configured_a_plain_push_is_refused_even_with_a_valid_signature()
    {
        // The plain signature covers only timestamp and nonce: one leaked query string would carry any body.
        var forged = Xml("<MsgType>text</MsgType><Content>我的消息</Content>");
        Assert.Equal(WechatPushRejection.NotEncrypted,
            Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(PlainQuery(), forged)).Reason);
        Assert.IsType<TextMessage>(_plainCodec.ParseOfficialAccountXml(PlainQuery(), forged).Message);
    }

    [Fact]
    public void Plain_push_with_wrong_signature_is_refused()
    {
        var query = PlainQuery() with { Signature = "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe" };
        Assert.Equal(WechatPushRejection.BadSignature,
            Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, Xml("<MsgType>text</MsgType>"))).Reason);
    }

    [Fact]
    public void Push_older_than_five_minutes_is_refused_even_when_signed()
    {
        var old = (_clock.GetUtcNow().ToUnixTimeSeconds() - 301).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(WechatPushRejection.StaleTimestamp,
            Assert.Throws<WechatPushException>(() => _plainCodec.ParseOfficialAccountXml(PlainQuery(old), Xml("<MsgType>text</MsgType>"))).Reason);
        var (query, body) = SafeModeXml(Encrypt(Xml("<MsgType>text</MsgType>")), timestamp: old);
        Assert.Equal(WechatPushRejection.StaleTimestamp, Assert.Throws<WechatPushException>(() => _codec.ParseOfficialAccountXml(query, body)).Reason);
        Assert.False(_codec.VerifyUrl(PlainQuery(old) with { EchoStr = "1" }));
    }

    [Fact]
    public void Push_at_four_minutes_is_accepted() =>
        Assert.IsType<TextMessage>(_plainCodec.ParseOfficialAccountXml(
            PlainQuery((_clock.GetUtcNow().ToUnixTimeSeconds() - 240).ToString(CultureInfo.InvariantCulture)),
            Xml("<MsgType>text</MsgType><Content>hi</Content>")).Message);

    [Fact]
    public void Xml_with_a_dtd_is_refused()
    {
        var body = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>";
        Assert.Equal(WechatPushRejection.Malformed, Assert.Throws<WechatPushException>(() => _plainCodec.ParseOfficialAccountXml(PlainQuery(), body)).Reason);
    }

    // ---- typed messages ----

    [Fact]
    public void Text_message_keeps_a_long_msgid_as_text()
    {
        var text = Assert.IsType<TextMessage>(ParsePlain("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>4561255354251345929</MsgId>"));
        Assert.Equal("你好", text.Content);
        Assert.Equal("4561255354251345929", text.MsgId);
        Assert.Equal("4561255354251345929", text.DedupeKey);
        Assert.Equal("oUser0000000000000000000001", text.FromUserName);
        Assert.Equal(_clock.GetUtcNow(), text.CreateTime);
    }

    [Fact]
    public void Image_and_voice_messages_are_typed()
    {
        var image = Assert.IsType<ImageMessage>(ParsePlain("<MsgType>image</MsgType><PicUrl>http://p/1.jpg</PicUrl><MediaId>m1</MediaId><MsgId>1</MsgId>"));
        Assert.Equal(("http://p/1.jpg", "m1"), (image.PicUrl, image.MediaId));
        var voice = Assert.IsType<VoiceMessage>(ParsePlain("<MsgType>voice</MsgType><MediaId>m2</MediaId><Format>amr</Format><Recognition>你好</Recognition><MsgId>2</MsgId>"));
        Assert.Equal(("m2", "amr", "你好"), (voice.MediaId, voice.Format, voice.Recognition));
    }

    [Fact]
    public void Follow_through_a_parametric_qr_code_gives_the_scene_without_prefix()
    {
        var follow = Assert.IsType<SubscribeEvent>(ParsePlain("<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_class-3</EventKey><Ticket>T</Ticket>"));
        Assert.Equal("class-3", follow.SceneValue);
        Assert.Equal("T", follow.Ticket);
        Assert.Null(Assert.IsType<SubscribeEvent>(ParsePlain("<MsgType>event</MsgType><Event>subscribe</Event><EventKey></EventKey>")).SceneValue);
        Assert.Equal($"oUser0000000000000000000001:{Now}:subscribe", follow.DedupeKey);
    }

    [Fact]
    public void Unfollow_scan_click_and_view_events_are_typed()
    {
        Assert.IsType<UnsubscribeEvent>(ParsePlain("<MsgType>event</MsgType><Event>unsubscribe</Event>"));
        Assert.Equal("class-3", Assert.IsType<ScanEvent>(ParsePlain("<MsgType>event</MsgType><Event>SCAN</Event><EventKey>class-3</EventKey>")).SceneValue);
        Assert.Equal("SIGN_UP", Assert.IsType<MenuClickEvent>(ParsePlain("<MsgType>event</MsgType><Event>CLICK</Event><EventKey>SIGN_UP</EventKey>")).Key);
        var view = Assert.IsType<MenuViewEvent>(ParsePlain("<MsgType>event</MsgType><Event>VIEW</Event><EventKey>https://x.org/</EventKey><MenuId>7</MenuId>"));
        Assert.Equal(("https://x.org/", "7"), (view.Url, view.MenuId));
    }

    [Fact]
    public void Template_job_finish_reports_delivery()
    {
        var done = Assert.IsType<TemplateSendJobFinishEvent>(ParsePlain("<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID><Status>failed:user block</Status>"));
        Assert.Equal("200163836", done.MsgId);
        Assert.False(done.Delivered);
    }

    [Fact]
    public void Official_account_popup_event_lists_each_template_decision()
    {
        var popup = Assert.IsType<SubscribeMessagePopupEvent>(ParsePlain("""
            <MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent>
            <List><TemplateId>T1</TemplateId><SubscribeStatusString>accept</SubscribeStatusString><PopupScene>2</PopupScene></List>
            <List><TemplateId>T2</TemplateId><SubscribeStatusString>reject</SubscribeStatusString><PopupScene>2</PopupScene></List>
            </SubscribeMsgPopupEvent>
            """));
        Assert.Equal([new SubscribeMessageDecision("T1", "accept", "2"), new SubscribeMessageDecision("T2", "reject", "2")], popup.Decisions);
        Assert.True(popup.Decisions[0].Accepted);
    }

    [Fact]
    public void Mini_program_json_popup_event_accepts_a_single_object_or_an_array()
    {
        var ts = Now;
        var one = $$$"""{"ToUserName":"gh_1","FromUserName":"oUser0000000000000000000001","CreateTime":"{{{ts}}}","MsgType":"event","Event":"subscribe_msg_popup_event","List":{"TemplateId":"T1","SubscribeStatusString":"accept","PopupScene":"0"}}""";
        var many = $$$"""{"ToUserName":"gh_1","FromUserName":"oUser0000000000000000000001","CreateTime":{{{ts}}},"MsgType":"event","Event":"subscribe_msg_popup_event","List":[{"TemplateId":"T1","SubscribeStatusString":"accept","PopupScene":"0"},{"TemplateId":"T2","SubscribeStatusString":"reject","PopupScene":"0"}]}""";

        Assert.Single(Assert.IsType<SubscribeMessagePopupEvent>(_plainCodec.ParseMiniProgramPush(PlainQuery(), one, "application/json").Message).Decisions);
        var both = Assert.IsType<SubscribeMessagePopupEvent>(_plainCodec.ParseMiniProgramPush(PlainQuery(), many, null).Message);
        Assert.Equal(["T1", "T2"], both.Decisions.Select(d => d.TemplateId));
        Assert.Equal(_clock.GetUtcNow(), both.CreateTime);
    }

    [Fact]
    public void Mini_program_change_and_sent_events_are_typed()
    {
        var change = $$$"""{"FromUserName":"o1","CreateTime":{{{Now}}},"MsgType":"event","Event":"subscribe_msg_change_event","List":[{"TemplateId":"T1","SubscribeStatusString":"reject"}]}""";
        var sent = $$$"""{"FromUserName":"o1","CreateTime":{{{Now}}},"MsgType":"event","Event":"subscribe_msg_sent_event","List":{"TemplateId":"T1","MsgID":"1700","ErrorCode":"0","ErrorStatus":"success"}}""";

        Assert.False(Assert.IsType<SubscribeMessageChangeEvent>(_plainCodec.ParseMiniProgramPush(PlainQuery(), change, "application/json").Message).Decisions.Single().Accepted);
        var result = Assert.IsType<SubscribeMessageSentEvent>(_plainCodec.ParseMiniProgramPush(PlainQuery(), sent, "application/json").Message).Results.Single();
        Assert.Equal(new SubscribeMessageSentResult("T1", "1700", 0, "success"), result);
    }

    [Fact]
    public void Unmodelled_push_keeps_its_fields()
    {
        var other = Assert.IsType<OtherPush>(ParsePlain("<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.1</Latitude>"));
        Assert.Equal("23.1", other.Fields["Latitude"]);
    }

    // ---- replies ----

    [Fact]
    public void Text_reply_swaps_the_addresses()
    {
        var received = ParsePlain("<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>");
        var reply = XElement.Parse(_codec.BuildTextReply(received, "报名成功"));
        Assert.Equal("oUser0000000000000000000001", (string?)reply.Element("ToUserName"));
        Assert.Equal("gh_1", (string?)reply.Element("FromUserName"));
        Assert.Equal("text", (string?)reply.Element("MsgType"));
        Assert.Equal("报名成功", (string?)reply.Element("Content"));
        Assert.Equal(Now, (string?)reply.Element("CreateTime"));
    }

    [Fact]
    public void News_reply_has_one_article()
    {
        var received = ParsePlain("<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>");
        var reply = XElement.Parse(_codec.BuildNewsReply(received, new NewsArticle("周六活动", "一起陪伴", "https://p/1.png", "https://x/1")));
        Assert.Equal("1", (string?)reply.Element("ArticleCount"));
        Assert.Equal("周六活动", (string?)reply.Element("Articles")!.Element("item")!.Element("Title"));
    }

    [Fact]
    public void Reply_to_an_encrypted_push_is_encrypted_and_reads_back()
    {
        var (query, body) = SafeModeXml(Encrypt(Xml("<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>")));
        var push = _codec.ParseOfficialAccountXml(query, body);
        var plainReply = _codec.BuildTextReply(push.Message, "收到");

        var sealedReply = XElement.Parse(_codec.SealReply(push, plainReply));
        var encrypt = (string)sealedReply.Element("Encrypt")!;
        Assert.True(WechatMessageCrypto.SignatureMatches((string?)sealedReply.Element("MsgSignature"), Token, (string)sealedReply.Element("TimeStamp")!, Nonce, encrypt));
        Assert.Equal(plainReply, WechatMessageCrypto.Decrypt(WechatMessageCrypto.KeyFrom(AesKey), encrypt, AppId));
        Assert.Equal("success", _codec.SealReply(push, "success"));
    }

    [Fact]
    public void Reply_to_a_plain_push_stays_plain()
    {
        var push = _plainCodec.ParseOfficialAccountXml(PlainQuery(), Xml("<MsgType>text</MsgType><Content>hi</Content>"));
        var reply = _codec.BuildTextReply(push.Message, "收到");
        Assert.Equal(reply, _codec.SealReply(push, reply));
    }
}
