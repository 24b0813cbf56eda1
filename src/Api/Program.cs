using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Scalar.AspNetCore;
using WechatCare.Api.Auth;
using WechatCare.Api.Demo;
using WechatCare.Api.Endpoints;
using WechatCare.Api.Infrastructure;
using WechatCare.Bot.Hosting;
using WechatCare.Bot.Push;
using WechatCare.Domain.Common;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Security;
using WechatCare.Wechat;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;
Secrets.EnsureKeys(builder);
var roles = HostRoles.From(config);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCareDatabase(config);
builder.Services.AddCoordination(config);
builder.Services.AddSingleton(_ => FieldCipher.FromBase64(config["Security:DataKey"]!, config.GetSection("Security:PreviousDataKeys").Get<string[]>()));
builder.Services.Configure<CareOptions>(config.GetSection("Care"));
builder.Services.Configure<RateLimitOptions>(config.GetSection("RateLimits"));
builder.Services.Configure<WechatCare.Domain.Activities.ActivityOptions>(config.GetSection("Activities"));
builder.Services.AddSingleton<WechatCare.Domain.Activities.SignUpBatches>();
builder.Services.AddChildrenOptions(builder);

builder.Services.AddMediator(o =>
{
    o.Assemblies = [typeof(LogInCommand), typeof(BotWorker), typeof(Program)];
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<LogInValidator>(ServiceLifetime.Scoped);
ChineseValidation.Apply();

// A bot-only process (a worker) serves health, metrics and WeChat's callbacks, all anonymous: it has no sign-in and
// no API description, which keeps their assemblies and start-up work out of its memory (docs/delivery.md).
if (roles.Api) JwtTokens.AddCareAuthentication(builder.Services, config);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsMapping.ForStatusOnly);
builder.Services.AddExceptionHandler<ProblemDetailsMapping>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
if (roles.Api) builder.Services.AddOpenApi();
builder.Services.AddCareHealthChecks(config);
builder.Services.AddCareMetrics(config);
builder.Services.AddWechat(config, builder.Environment);
builder.Services.AddBot(runWorkers: roles.BotWorkers);

var app = builder.Build();

if (args.Contains("--migrate-only"))
{
    await Database.MigrateAsync(app.Services);
    return;
}
if (config.GetValue("Database:MigrateOnStart", true)) await Database.MigrateAsync(app.Services);
if (app.Environment.IsDevelopment() && config.GetValue("Demo:Seed", true)) await DemoData.SeedAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusCodePages();
if (roles.Api) app.UseAuthentication();
app.UseMiddleware<RateLimitMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
if (roles.Api) app.UseAuthorization();

app.MapCareHealthChecks();
app.MapCareMetrics(config);
if (roles.Api)
{
    app.MapOpenApi().AllowAnonymous();
    app.MapScalarApiReference().AllowAnonymous();
}
if (app.Environment.IsDevelopment()) app.MapWechatSandbox();

if (roles.Api)
{
    var api = app.MapGroup("").RequireAuthorization().AnswerSizedJson();
    api.MapAuthEndpoints();
    api.MapMeEndpoints();
    api.MapOrganizationEndpoints();
    api.MapNoticeEndpoints();
    api.MapActivityEndpoints();
    api.MapDonationEndpoints();
    api.MapChatbotEndpoints();
    api.MapChildrenEndpoints();
    api.MapChildParticipationEndpoints();
    api.MapPairingEndpoints();
}

if (roles.Bot)
{
    app.MapWechatCallbacks();
}

app.Run();

static void ConfigureJson(JsonSerializerOptions json)
{
    // Chinese is written as is; enums travel as kebab-case names ("care-home", "two-months"); a date-time sent without
    // an offset is China time.
    json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    json.Converters.Add(new ChinaTimeJson());
}

public partial class Program;
