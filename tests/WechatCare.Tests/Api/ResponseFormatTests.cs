using System.Text;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Api;

public sealed class ResponseFormatTests(CareApp app) : IClassFixture<CareApp>
{
    [Fact]
    public async Task An_answer_comes_whole_with_its_length_and_in_the_apps_json_style()
    {
        var admin = await app.LogInAsAdminAsync();
        var id = (await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "石门村留守儿童之家", kind = "community", region = "贵州省毕节市" }))
            .ExpectAsync(201)).Str("id");

        // Headers first, so the length is the one the server declared, not one the client computes from a buffered body.
        using var response = await admin.Http.GetAsync($"/api/organizations/{id}", HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength;
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(body.Length, declared);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("\"name\":\"石门村留守儿童之家\"", text);   // Chinese as is, not \u escapes
        Assert.Contains("\"kind\":\"community\"", text);             // enums by name
    }
}
