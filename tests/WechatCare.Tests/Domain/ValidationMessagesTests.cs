using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using WechatCare.Domain.Common;
using WechatCare.Tests.Children;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Domain;

/// <summary>People read a 400's field errors in the mini-program: they are in Chinese and name the field in Chinese.</summary>
public sealed class ValidationMessagesTests
{
    private const string Chinese = @"\p{IsCJKUnifiedIdeographs}";

    [Fact]
    public void Every_validated_field_has_a_chinese_name()
    {
        ChineseValidation.Apply();
        var validators = typeof(ValidationBehavior<,>).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IValidator).IsAssignableFrom(t))
            .Select(t => (IValidator)Activator.CreateInstance(t)!)
            .ToList();
        Assert.True(validators.Count > 30, $"found only {validators.Count} validators");

        // Rules on the whole request (RuleFor(c => c), no property) carry their own Chinese message instead of a field name.
        var unnamed = validators
            .SelectMany(v => v.CreateDescriptor().Rules.Where(rule => rule.PropertyName is not null)
                .Select(rule => (Validator: v.GetType().Name, rule.PropertyName, Name: rule.GetDisplayName(null!))))
            .Where(r => !System.Text.RegularExpressions.Regex.IsMatch(r.Name ?? "", Chinese))
            .Select(r => $"{r.Validator}.{r.PropertyName} = '{r.Name}'")
            .ToList();
        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task A_400_says_what_is_wrong_in_chinese_under_the_fields_json_name()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        var problem = await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "", kind = "school", region = new string('区', 101) })).ExpectAsync(400);

        var name = Messages(problem, "name");
        Assert.Contains(name, m => m.Contains("名称") && m.Contains("不能为空"));
        var region = Messages(problem, "region");
        Assert.Contains(region, m => m.Contains("地区") && m.Contains("100"));
        Assert.All(name.Concat(region), m => Assert.DoesNotMatch("[A-Za-z]{3,}", m));
    }

    [Fact]
    public async Task A_missing_object_is_said_to_be_empty_not_null()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();
        var org = (await (await admin.Http.PostJsonAsync("/api/organizations", new { name = "甲校", kind = "school", region = "x" })).ExpectAsync(201)).Str("id");

        var problem = await (await admin.Http.PostJsonAsync("/api/notices", new { organizationId = org, title = "家长会", body = "周五开家长会。" })).ExpectAsync(400);

        Assert.Equal(["'接收对象' 不能为空。"], Messages(problem, "audience"));
    }

    [Fact]
    public async Task An_archive_edit_names_the_field_as_the_client_sent_it()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var w = await ChildrenWorld.CreateAsync(app);

        var problem = await (await w.TeacherWithGrant.Http.PatchAsJsonAsync($"/api/children/{w.ChildId}", new { grade = 40 })).ExpectAsync(400);

        Assert.Contains(Messages(problem, "grade"), m => m.Contains("年级") && m.Contains("12"));
    }

    [Fact]
    public async Task A_list_over_its_limit_says_how_many_it_takes()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var user = await app.LogInAsync("validation-user");

        var tooMany = Enumerable.Range(0, 21).Select(i => $"tpl-{i}").ToArray();
        var problem = await (await user.Http.PostJsonAsync("/api/me/subscriptions", new { accepted = tooMany, rejected = Array.Empty<string>() })).ExpectAsync(400);

        Assert.Contains(Messages(problem, "accepted"), m => m.Contains("最多 20 项"));
    }

    [Fact]
    public async Task Unreadable_json_is_explained_in_chinese_without_our_type_names()
    {
        await using var app = new CareApp();
        await app.InitializeAsync();
        var admin = await app.LogInAsAdminAsync();

        var response = await admin.Http.PostAsync("/api/organizations", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ExpectAsync(400);

        var text = problem.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Matches(Chinese, string.Join(' ', Messages(problem, "body")));
        Assert.DoesNotContain("Command", text);
        Assert.DoesNotContain("Body", text);
        Assert.DoesNotContain("Failed to read", text);
    }

    private static IReadOnlyList<string> Messages(JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToList()
        ?? throw new Xunit.Sdk.XunitException($"no errors for '{field}' in {problem.ToJsonString()}");
}
