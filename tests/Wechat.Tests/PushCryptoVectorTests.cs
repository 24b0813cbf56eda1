using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using WechatCare.Wechat.Push;
using WechatCare.Wechat.Tests.Support;

namespace WechatCare.Wechat.Tests;

/// <summary>Every known-answer vector of ../shared/wechat/vectors.json.</summary>
public class PushCryptoVectorTests
{
    public static TheoryData<string> SignatureIds => Vectors.Ids("signature_vectors");
    public static TheoryData<string> DecryptIds => Vectors.Ids("decrypt_vectors");
    public static TheoryData<string> EncryptIds => Vectors.Ids("encrypt_vectors");
    public static TheoryData<string> SignedEncryptIds => Vectors.Ids("encrypt_vectors", having: "expected_msg_signature");
    public static TheoryData<string> MiniProgramIds => Vectors.Ids("miniprogram_vectors");

    [Theory, MemberData(nameof(SignatureIds))]
    public void Signature_vector_is_accepted_or_refused_as_expected(string id)
    {
        var v = Vectors.Get("signature_vectors", id);
        var parts = new List<string> { v.Text("token"), v.Text("timestamp"), v.Text("nonce") };
        if (v.OptionalText("encrypt_or_echostr") is { } extra) parts.Add(extra);

        Assert.Equal(v.GetProperty("expect_valid").GetBoolean(), WechatMessageCrypto.SignatureMatches(v.Text("signature"), [.. parts]));
    }

    [Fact]
    public void Url_verification_accepts_the_official_example_at_its_time()
    {
        var v = Vectors.Get("signature_vectors", "official-url-verification-GET");
        var codec = new WechatPushCodec("wxunused", v.Text("token"), null, Clocks.At(v.Text("timestamp")));

        Assert.True(codec.VerifyUrl(new WechatPushQuery(v.Text("signature"), v.Text("timestamp"), v.Text("nonce"), v.Text("echostr"))));
        Assert.False(codec.VerifyUrl(new WechatPushQuery(v.Text("signature"), v.Text("timestamp"), "1514711493", v.Text("echostr"))));
    }

    [Fact]
    public void Sorting_is_ordinal_not_culture_aware()
    {
        var v = Vectors.Get("signature_vectors", "skit-msg_signature-only");
        Assert.Equal("8128e41a38892d814e4aa67753425da9dc8ec2b3",
            WechatMessageCrypto.Sign(v.Text("token"), v.Text("timestamp"), v.Text("nonce"), v.Text("encrypt_or_echostr")));
    }

    [Theory, MemberData(nameof(DecryptIds))]
    public void Decrypt_vector_gives_the_expected_plaintext(string id)
    {
        var v = Vectors.Get("decrypt_vectors", id);
        Assert.True(WechatMessageCrypto.SignatureMatches(v.Text("msg_signature"), v.Text("token"), v.Text("timestamp"), v.Text("nonce"), v.Text("encrypt")));

        var plain = WechatMessageCrypto.Decrypt(WechatMessageCrypto.KeyFrom(v.Text("encoding_aes_key")), v.Text("encrypt"), v.Text("appid"));

        if (v.OptionalText("expected_plaintext") is { } expected) Assert.Equal(expected, plain);
        if (v.TryGetProperty("expected_fields", out var fields))
        {
            var xml = XElement.Parse(plain);
            foreach (var field in fields.EnumerateObject()) Assert.Equal(field.Value.GetString(), (string?)xml.Element(field.Name));
        }
        if (v.TryGetProperty("expected_msg_len", out var length)) Assert.Equal(length.GetInt32(), Encoding.UTF8.GetByteCount(plain));
        if (v.TryGetProperty("expected_ciphertext_bytes", out var bytes)) Assert.Equal(bytes.GetInt32(), Convert.FromBase64String(v.Text("encrypt")).Length);
    }

    [Theory, MemberData(nameof(DecryptIds))]
    public void Decrypt_vector_parses_through_the_codec_with_mandatory_verification(string id)
    {
        var v = Vectors.Get("decrypt_vectors", id);
        var codec = new WechatPushCodec(v.Text("appid"), v.Text("token"), v.Text("encoding_aes_key"), Clocks.At(v.Text("timestamp")));
        var query = new WechatPushQuery(null, v.Text("timestamp"), v.Text("nonce"), EncryptType: "aes", MsgSignature: v.Text("msg_signature"));

        var push = v.OptionalText("format") == "json"
            ? codec.ParseMiniProgramPush(query, v.GetProperty("body_json").GetRawText(), "application/json")
            : codec.ParseOfficialAccountXml(query, new XElement("xml", new XElement("ToUserName", "gh_x"), new XElement("Encrypt", v.Text("encrypt"))).ToString());

        Assert.True(push.WasEncrypted);
        if (v.TryGetProperty("expected_fields", out var fields))
        {
            Assert.Equal(fields.GetProperty("FromUserName").GetString(), push.Message.FromUserName);
            Assert.Equal(fields.GetProperty("Content").GetString(), Assert.IsType<TextMessage>(push.Message).Content);
        }
        else
        {
            Assert.Equal(v.Text("expected_plaintext"), push.PlainBody);
        }
    }

    [Theory, MemberData(nameof(EncryptIds))]
    public void Encrypt_vector_is_reproduced_with_its_fixed_random_bytes(string id)
    {
        var v = Vectors.Get("encrypt_vectors", id);
        var key = WechatMessageCrypto.KeyFrom(v.Text("encoding_aes_key"));
        var random = Encoding.ASCII.GetBytes(v.Text("random16"));

        var encrypt = WechatMessageCrypto.Encrypt(key, random, v.Text("plaintext"), v.Text("appid"));

        Assert.Equal(v.Text("expected_encrypt"), encrypt);
        Assert.Equal(v.Text("plaintext"), WechatMessageCrypto.Decrypt(key, encrypt, v.Text("appid")));
    }

    [Theory, MemberData(nameof(SignedEncryptIds))]
    public void Encrypted_reply_carries_the_expected_signature(string id)
    {
        var v = Vectors.Get("encrypt_vectors", id);
        var expectedSignature = v.Text("expected_msg_signature");
        var random = Encoding.ASCII.GetBytes(v.Text("random16"));
        var codec = new WechatPushCodec(v.Text("appid"), v.Text("token"), v.Text("encoding_aes_key"), Clocks.At(v.Text("timestamp")),
            fillRandom: span => random.CopyTo(span));

        var json = JsonDocument.Parse(codec.EncryptReply(v.Text("plaintext"), v.Text("nonce"), WechatPushFormat.Json)).RootElement;
        Assert.Equal(v.Text("expected_encrypt"), json.GetProperty("Encrypt").GetString());
        Assert.Equal(expectedSignature, json.GetProperty("MsgSignature").GetString());
        Assert.Equal(v.Text("nonce"), json.GetProperty("Nonce").GetString());
        Assert.Equal(v.Text("timestamp"), json.GetProperty("TimeStamp").GetRawText());

        var xml = XElement.Parse(codec.EncryptReply(v.Text("plaintext"), v.Text("nonce"), WechatPushFormat.Xml));
        Assert.Equal(v.Text("expected_encrypt"), (string?)xml.Element("Encrypt"));
        Assert.Equal(expectedSignature, (string?)xml.Element("MsgSignature"));
    }

    [Theory, MemberData(nameof(MiniProgramIds))]
    public void Mini_program_session_vector_holds(string id)
    {
        var v = Vectors.Get("miniprogram_vectors", id);
        if (v.Text("kind") == "rawdata_signature")
        {
            Assert.True(MiniProgramSessionCrypto.VerifyRawDataSignature(v.Text("raw_data"), v.Text("session_key"), v.Text("signature")));
            Assert.False(MiniProgramSessionCrypto.VerifyRawDataSignature(v.Text("raw_data") + " ", v.Text("session_key"), v.Text("signature")));
        }
        else
        {
            var json = JsonDocument.Parse(MiniProgramSessionCrypto.DecryptUserData(v.Text("session_key"), v.Text("iv"), v.Text("encrypted_data")));
            Assert.Equal(v.Text("expected_watermark_appid"), json.RootElement.GetProperty("watermark").GetProperty("appid").GetString());
        }
    }
}
