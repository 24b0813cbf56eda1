using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Chatbot;

/// <summary>The push URLs verify WeChat's signatures (real vectors, over HTTP); a forged or stale push has no effect.</summary>
public sealed class CallbackSecurityTests
{
    [Fact]
    public async Task Url_verification_echoes_echostr_for_the_official_example_and_401s_a_wrong_signature()
    {
        var v = Vectors.Get("signature_vectors", "official-url-verification-GET");
        await using var app = await ChatbotApps.StartAsync(("Wechat:OfficialAccount:Token", v.Text("token")));
        using var atVectorTime = AtTime(app, v.Text("timestamp"));
        var http = atVectorTime.CreateClient();

        var ok = await http.GetAsync($"/wechat/callback?signature={v.Text("signature")}&timestamp={v.Text("timestamp")}&nonce={v.Text("nonce")}&echostr={v.Text("echostr")}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(v.Text("expected_response_body"), await ok.Content.ReadAsStringAsync());

        var forged = await http.GetAsync($"/wechat/callback?signature={v.Text("signature")}&timestamp={v.Text("timestamp")}&nonce=1514711493&echostr={v.Text("echostr")}");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_real_safe_mode_Official_Account_push_is_decrypted_and_answered_encrypted()
    {
        var v = Vectors.Get("decrypt_vectors", "official-account-via-easywechat");
        await using var app = await ChatbotApps.StartAsync(
            ("Wechat:OfficialAccount:AppId", v.Text("appid")), ("Wechat:OfficialAccount:AppSecret", "vector-secret"),
            ("Wechat:OfficialAccount:Token", v.Text("token")), ("Wechat:OfficialAccount:EncodingAesKey", v.Text("encoding_aes_key")));
        app.Wechat.RegisterApp(v.Text("appid"), "vector-secret");
        using var atVectorTime = AtTime(app, v.Text("timestamp"));

        var body = $"<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{v.Text("encrypt")}]]></Encrypt></xml>";
        var response = await atVectorTime.CreateClient().PostAsync(
            $"/wechat/callback?timestamp={v.Text("timestamp")}&nonce={v.Text("nonce")}&encrypt_type=aes&msg_signature={v.Text("msg_signature")}",
            new StringContent(body, Encoding.UTF8, "text/xml"));

        var reply = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync());
        var key = Wechat.Push.WechatMessageCrypto.KeyFrom(v.Text("encoding_aes_key"));
        var inner = System.Xml.Linq.XElement.Parse(Wechat.Push.WechatMessageCrypto.Decrypt(key, (string)reply.Element("Encrypt")!, v.Text("appid")));
        Assert.Equal(v.GetProperty("expected_fields").GetProperty("FromUserName").GetString(), (string?)inner.Element("ToUserName"));
        Assert.Contains("帮助", (string?)inner.Element("Content"));   // "hello" is not a command: a short helpful answer
    }

    [Fact]
    public async Task A_real_safe_mode_mini_program_JSON_push_is_accepted()
    {
        var v = Vectors.Get("decrypt_vectors", "official-miniprogram-json-safemode");
        await using var app = await ChatbotApps.StartAsync(
            ("Wechat:MiniProgram:AppId", v.Text("appid")), ("Wechat:MiniProgram:Token", v.Text("token")),
            ("Wechat:MiniProgram:EncodingAesKey", v.Text("encoding_aes_key")));
        using var atVectorTime = AtTime(app, v.Text("timestamp"));

        var url = $"/wechat/miniprogram/callback?signature=x&timestamp={v.Text("timestamp")}&nonce={v.Text("nonce")}&openid={v.Text("openid_query")}&encrypt_type=aes&msg_signature={v.Text("msg_signature")}";
        var response = await atVectorTime.CreateClient().PostAsync(url, new StringContent(v.GetProperty("body_json").GetRawText(), Encoding.UTF8, "application/json"));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        var tampered = await atVectorTime.CreateClient().PostAsync(url.Replace(v.Text("msg_signature"), new string('0', 40), StringComparison.Ordinal),
            new StringContent(v.GetProperty("body_json").GetRawText(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_forged_signature_is_refused_and_changes_nothing(bool safeMode)
    {
        await using var app = safeMode ? await ChatbotApps.StartAsync(OfficialAccountChat.SafeMode) : await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app, safeMode);
        var parent = await app.LogInAsync("parent-forged");
        var code = (await (await parent.Http.PostAsync("/api/me/official-account/bind-code", null)).ExpectAsync(200)).Str("code");

        var response = await chat.PostAsync(OfficialAccountChat.Text(OfficialAccountChat.OpenId("mallory"), "绑定公众号 " + code), forge: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await chat.BotActionsAsync());
        // The code still works for its owner: the forged push did not use it.
        Assert.Contains("绑定成功", await chat.SayAsync(OfficialAccountChat.OpenId("parent-forged"), "绑定公众号 " + code));
    }

    [Fact]
    public async Task A_push_signed_six_minutes_ago_is_refused_as_a_replay()
    {
        await using var app = await ChatbotApps.StartAsync();
        var chat = new OfficialAccountChat(app);

        var response = await chat.PostAsync(OfficialAccountChat.Text(OfficialAccountChat.OpenId("late"), "帮助"), signedAt: app.Clock.GetUtcNow().AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await chat.BotActionsAsync());
    }

    [Fact]
    public async Task A_broken_body_is_400_and_a_safe_mode_push_answers_in_safe_mode()
    {
        await using var app = await ChatbotApps.StartAsync(OfficialAccountChat.SafeMode);
        var chat = new OfficialAccountChat(app, safeMode: true);

        var broken = await new OfficialAccountChat(app).PostAsync("<xml><unclosed>");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);

        Assert.Contains("你可以回复", await chat.SayAsync(OfficialAccountChat.OpenId("someone"), "帮助"));   // ReplyTextAsync checks the reply's signature and decrypts it
        // In safe mode a plain push, however well signed, is not from WeChat.
        Assert.Equal(HttpStatusCode.Unauthorized, (await new OfficialAccountChat(app).PostAsync(OfficialAccountChat.Text(OfficialAccountChat.OpenId("someone"), "我的消息"))).StatusCode);
    }

    /// <summary>The same host with its clock at a vector's timestamp (the app's fake clock cannot go back to 2016).</summary>
    private static WebApplicationFactoryAt AtTime(CareApp app, string unixSeconds) =>
        new(app.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(unixSeconds, System.Globalization.CultureInfo.InvariantCulture))));
        })));

    private sealed class WebApplicationFactoryAt(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory) : IDisposable
    {
        public HttpClient CreateClient() => factory.CreateClient();
        public void Dispose() => factory.Dispose();
    }
}

/// <summary>../shared/wechat/vectors.json (the same file the WeChat client's tests use).</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonElement?> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WechatCare.sln")))
            {
                var path = Path.Combine(dir.FullName, "..", "shared", "wechat", "vectors.json");
                return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone() : null;
            }
        return null;
    });

    public static JsonElement Get(string group, string id)
    {
        if (Root.Value is not { } root)
        {
            Assert.Skip("vectors.json not found at ../shared/wechat/vectors.json next to the repository: vector tests skipped");
            throw new System.Diagnostics.UnreachableException();
        }
        return root.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
    }

    public static string Text(this JsonElement vector, string name) => vector.GetProperty(name).GetString()!;
}
