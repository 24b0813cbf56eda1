using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Children;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Children;

/// <summary>A teacher finds a child by the guardian's phone however the number is typed: with or without +86, spaces or dashes.</summary>
public sealed class GuardianPhoneSearchTests
{
    private static async Task<string[]> SearchAsync(ChildrenWorld w, string phone)
    {
        var found = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children/search", new { organizationId = w.OrgA, guardianPhone = phone })).ExpectAsync(200);
        return found["items"]!.AsArray().Select(i => i!.Str("id")).ToArray();
    }

    [Theory]
    [InlineData("13800001111")]
    [InlineData("+86 138 0000 1111")]
    [InlineData("+86-138-0000-1111")]
    [InlineData("0086 13800001111")]
    [InlineData("8613800001111")]
    [InlineData("１３８００００１１１１")]   // full-width digits from a Chinese keyboard
    public async Task The_guardians_mobile_is_found_with_or_without_the_country_code(string typed)
    {
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        var w = await ChildrenWorld.CreateAsync(app);

        Assert.Equal(new[] { w.ChildId }, await SearchAsync(w, typed));
    }

    [Fact]
    public async Task A_phone_saved_with_the_country_code_is_stored_and_shown_without_it_and_found_either_way()
    {
        await using var app = new CareApp { Settings = new Dictionary<string, string?> { ["Bot:InProcess"] = "false" } };
        await app.InitializeAsync();
        var w = await ChildrenWorld.CreateAsync(app);

        var created = await (await w.TeacherWithGrant.Http.PostJsonAsync("/api/children",
            ChildrenWorld.NewChild(w.OrgA, "测试童区号", "+86 136 0000 4444"))).ExpectAsync(201);

        Assert.Equal("13600004444", created["guardian"]!.Str("phone"));
        Assert.Equal(new[] { created.Str("id") }, await SearchAsync(w, "13600004444"));
        Assert.Equal(new[] { created.Str("id") }, await SearchAsync(w, "+8613600004444"));
        // A landline keeps its digits as they are: "86" in front of it is not a country code to drop.
        Assert.Equal("8608512345678", Child.NormalizePhone("86-0851-2345678"));
    }

    [Fact]
    public async Task A_row_hashed_with_the_country_code_before_is_still_found_and_takes_the_plain_form_when_re_encrypted()
    {
        var oldKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await using var app = new CareApp
        {
            Settings = new Dictionary<string, string?> { ["Security:PreviousDataKeys:0"] = oldKey, ["Bot:InProcess"] = "false" },
        };
        await app.InitializeAsync();
        var w = await ChildrenWorld.CreateAsync(app);
        var oldCipher = FieldCipher.FromBase64(oldKey);
        var legacy = Guid.Parse(w.OtherChildId);
        // What a row written under the old key by the old normalisation (digits only) holds for "+86 137 0000 3333".
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CareDb>().Children.Where(c => c.Id == legacy).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.GuardianPhoneCipher, oldCipher.Encrypt("8613700003333"))
                .SetProperty(c => c.GuardianPhoneHash, oldCipher.LookupHash("8613700003333")));

        Assert.Equal(new[] { w.OtherChildId }, await SearchAsync(w, "137 0000 3333"));

        using (var scope = app.Services.CreateScope())
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunChildRetentionCommand())).ReEncrypted);
        using (var scope = app.Services.CreateScope())
        {
            var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
            var child = await scope.ServiceProvider.GetRequiredService<CareDb>().Children.AsNoTracking().SingleAsync(c => c.Id == legacy);
            Assert.Equal("13700003333", cipher.Decrypt(child.GuardianPhoneCipher!));
            Assert.Equal(cipher.LookupHash("13700003333"), child.GuardianPhoneHash);
        }
        Assert.Equal(new[] { w.OtherChildId }, await SearchAsync(w, "+86 137 0000 3333"));
    }
}
