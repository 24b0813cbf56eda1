using System.Security.Claims;
using Mediator;
using WechatCare.Api.Activities;
using WechatCare.Api.Auth;
using WechatCare.Api.Infrastructure;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Common;
using WechatCare.Domain.Volunteers;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;

namespace WechatCare.Api.Endpoints;

public static class ActivityEndpoints
{
    /// <summary><c>phoneCode</c> (from the mini-program's getPhoneNumber button) may stand in for a typed <c>phone</c>.</summary>
    public sealed record VolunteerProfileRequest(string RealName, string? Phone, VolunteerKind Kind, string? School, string[]? Skills,
        DateOnly? BirthDate, GuardianConsentRequest? GuardianConsent, string? PhoneCode = null);

    public sealed record GuardianConsentRequest(string By, string Relation);

    public sealed record RoleRequest(string Name, VolunteerKind? VolunteerKind, int? Capacity, int? MinPriorActivities);

    public sealed record ScheduleSlotRequest(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Title);

    public sealed record CreateActivityRequest(Guid OrganizationId, string Title, string? Description, string Location,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? SignUpClosesAt, DateTimeOffset? CancellationDeadline,
        int? Capacity, int? MinPriorActivities, bool? RequiresApproval, int? MinimumAge, string[]? RequiredSkills,
        ScheduleSlotRequest[]? Schedule, RoleRequest[]? Roles, string? Series = null);

    public sealed record CancelActivityRequest(string Reason);

    public sealed record SignUpRequest(Guid? RoleId);

    public sealed record AttendanceRequest(Guid? UserId, string? Scene);

    public sealed record SceneRequest(string Scene);

    public sealed record CertificateRequest(Guid OrganizationId);

    public sealed record HistoryRowRequest(string ActivityTitle, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Phone, decimal? Hours);

    public sealed record ServiceHistoryRequest(HistoryRowRequest[] Rows);

    public static void MapActivityEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Volunteers");
        me.MapPut("/volunteer", async (VolunteerProfileRequest body, ClaimsPrincipal user, ISender sender, WechatClients wechat, CancellationToken ct) =>
        {
            var phone = string.IsNullOrWhiteSpace(body.PhoneCode) ? body.Phone ?? "" : await VerifiedPhoneAsync(wechat, body.PhoneCode, ct);
            return await sender.Send(new SaveVolunteerProfileCommand(user.CallerId(), body.RealName ?? "", phone, body.Kind, body.School,
                body.Skills ?? [], body.BirthDate, body.GuardianConsent is { } g ? new GuardianConsentInput(g.By ?? "", g.Relation ?? "") : null), ct);
        }).WithName("SaveVolunteerProfile");
        me.MapGet("/volunteer", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetVolunteerProfileQuery(user.CallerId()), ct)).WithName("GetVolunteerProfile");
        me.MapGet("/service-record", (ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? organizationId) =>
            sender.Send(new GetServiceRecordQuery(user.CallerId(), organizationId), ct)).WithName("GetServiceRecord");

        me.MapPost("/certificates", async (CertificateRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var issued = await sender.Send(new IssueCertificateCommand(user.CallerId(), body.OrganizationId), ct);
            return TypedResults.Created($"/api/me/certificates/{issued.VerificationCode}", issued);
        }).WithName("IssueCertificate");
        me.MapGet("/certificates/{code}", async (string code, HttpRequest request, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var document = await sender.Send(new GetCertificateQuery(user.CallerId(), code), ct);
            var verifyUrl = $"{request.Scheme}://{request.Host}/api/certificates/{document.VerificationCode}";
            return Results.Content(CertificatePage.Render(document, verifyUrl), "text/html; charset=utf-8");
        }).WithName("GetCertificate");
        // Public: whoever holds the paper checks it is genuine.
        app.MapGet("/api/certificates/{code}", (string code, ISender sender, CancellationToken ct) =>
            sender.Send(new VerifyCertificateQuery(code), ct)).AllowAnonymous().WithTags("Volunteers").WithName("VerifyCertificate");

        var activities = app.MapGroup("/api/activities").WithTags("Activities");

        activities.MapPost("", async (CreateActivityRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new CreateActivityCommand(user.CallerId(), body.OrganizationId, body.Title ?? "", body.Description ?? "",
                body.Location ?? "", body.StartsAt, body.EndsAt, body.SignUpClosesAt ?? body.StartsAt, body.CancellationDeadline, body.Capacity,
                body.MinPriorActivities ?? 0, body.RequiresApproval ?? false, body.MinimumAge, body.RequiredSkills ?? [],
                (body.Schedule ?? []).Select(s => new ScheduleSlot(s.StartsAt, s.EndsAt, s.Title ?? "")).ToList(),
                (body.Roles ?? []).Select(r => new RoleInput(r.Name ?? "", r.VolunteerKind, r.Capacity, r.MinPriorActivities ?? 0)).ToList(), body.Series), ct);
            return TypedResults.Created($"/api/activities/{created.Id}", created);
        }).WithName("CreateActivity");

        activities.MapGet("", (ISender sender, CancellationToken ct, string? status, Guid? organizationId, int page = 1, int pageSize = 20) =>
            sender.Send(new ListActivitiesQuery(QueryValues.Enum<ActivityStatus>(status, "status"), organizationId, new PageRequest(page, pageSize)), ct))
            .AllowAnonymous().WithName("ListActivities");

        activities.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetActivityQuery(user.Identity?.IsAuthenticated == true ? user.CallerId() : null, id), ct))
            .AllowAnonymous().WithName("GetActivity");

        activities.MapPost("/{id:guid}/publish", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new PublishActivityCommand(user.CallerId(), id), ct)).WithName("PublishActivity");

        activities.MapPost("/{id:guid}/cancel", (Guid id, CancelActivityRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CancelActivityCommand(user.CallerId(), id, body.Reason ?? ""), ct)).WithName("CancelActivity");

        activities.MapPost("/{id:guid}/complete", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CompleteActivityCommand(user.CallerId(), id), ct)).WithName("CompleteActivity");

        activities.MapGet("/{id:guid}/eligibility", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetEligibilityQuery(user.CallerId(), id), ct)).WithName("GetEligibility");

        activities.MapGet("/{id:guid}/eligibility/volunteers", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetVolunteerEligibilityQuery(user.CallerId(), id), ct)).WithName("GetVolunteerEligibility");

        activities.MapPost("/{id:guid}/signups", async (Guid id, SignUpRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new SignUpForActivityCommand(user.CallerId(), id, body?.RoleId), ct);
            return TypedResults.Created($"/api/activities/{id}/signups/me", result);
        }).WithName("SignUpForActivity");

        activities.MapDelete("/{id:guid}/signups/me", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CancelSignUpCommand(user.CallerId(), id), ct)).WithName("CancelSignUp");

        activities.MapPost("/{id:guid}/signups/me/claim", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ClaimOfferCommand(user.CallerId(), id), ct)).WithName("ClaimOffer");

        activities.MapGet("/{id:guid}/signups", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
        {
            var all = await sender.Send(new ListSignUpsQuery(user.CallerId(), id), ct);
            var one = Page.Of(all.Items, new PageRequest(page, pageSize));
            return all with { Items = one.Items, Total = one.Total };
        }).WithName("ListSignUps");

        activities.MapPost("/{id:guid}/signups/{userId:guid}/approve", (Guid id, Guid userId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ReviewSignUpCommand(user.CallerId(), id, userId, Approve: true), ct)).WithName("ApproveSignUp");
        activities.MapPost("/{id:guid}/signups/{userId:guid}/reject", (Guid id, Guid userId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ReviewSignUpCommand(user.CallerId(), id, userId, Approve: false), ct)).WithName("RejectSignUp");

        activities.MapGet("/{id:guid}/signups/export", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var list = await sender.Send(new ListSignUpsQuery(user.CallerId(), id), ct);
            return Results.File(await ActivityExcel.SignUpsAsync(list, ct), ActivityExcel.ContentType, $"{list.Title}-报名与时长.xlsx");
        }).WithName("ExportSignUps");

        var history = app.MapGroup("/api/organizations/{orgId:guid}/service-history").WithTags("Activities");
        history.MapPost("", (Guid orgId, ServiceHistoryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ImportServiceHistoryCommand(user.CallerId(), orgId, (body.Rows ?? [])
                .Select(r => new ServiceHistoryRow(r.ActivityTitle ?? "", r.StartsAt, r.EndsAt, r.Phone ?? "", r.Hours)).ToList()), ct))
            .WithName("ImportServiceHistory");
        // The form is read by hand: a bound IFormFile would make routing answer 415 before authentication has a say.
        history.MapPost("/excel", async (Guid orgId, HttpRequest request, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.FirstOrDefault() : null;
            if (file is null) throw new DomainException("excel_file_required", "请上传 .xlsx 格式的历史记录表");
            await using var stream = file.OpenReadStream();
            var rows = await ActivityExcel.ReadHistoryAsync(stream, ct);
            return await sender.Send(new ImportServiceHistoryCommand(user.CallerId(), orgId, rows), ct);
        }).WithName("ImportServiceHistoryExcel");

        activities.MapPost("/{id:guid}/checkins", (Guid id, AttendanceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordAttendanceCommand(user.CallerId(), id, AttendanceStep.CheckIn, body.UserId, body.Scene), ct)).WithName("CheckIn");

        activities.MapPost("/{id:guid}/checkouts", (Guid id, AttendanceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordAttendanceCommand(user.CallerId(), id, AttendanceStep.CheckOut, body.UserId, body.Scene), ct)).WithName("CheckOut");

        // The mini-program's check-in page knows only the scene of the code it was opened from.
        app.MapPost("/api/checkins", (SceneRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordAttendanceCommand(user.CallerId(), null, AttendanceStep.CheckIn, null, body.Scene ?? ""), ct))
            .WithTags("Activities").WithName("CheckInByScene");

        activities.MapGet("/{id:guid}/qrcode", async (Guid id, ClaimsPrincipal user, ISender sender, WechatClients wechat, CancellationToken ct) =>
        {
            var scene = await sender.Send(new GetCheckInSceneQuery(user.CallerId(), id), ct);
            try
            {
                var code = await wechat.MiniProgram.ExecuteWxaGetWxaCodeUnlimitAsync(
                    new WxaGetWxaCodeUnlimitRequest { Scene = scene, Page = "pages/checkin/index", CheckPath = false }, ct);
                return Results.File(code.Image, code.ContentType);
            }
            catch (WechatApiException e)
            {
                throw new WechatUnavailableException(inner: e);
            }
        }).WithName("GetCheckInQrCode");
    }

    /// <summary>The phone WeChat verified for the getPhoneNumber button's code (each code works once).</summary>
    private static async Task<string> VerifiedPhoneAsync(WechatClients wechat, string code, CancellationToken ct)
    {
        try
        {
            var answer = await wechat.MiniProgram.ExecuteWxaBusinessGetUserPhoneNumberAsync(code, ct);
            return answer.PhoneInfo.PurePhoneNumber;
        }
        catch (WechatApiException e) when (e.Kind == WechatFailureKind.CodeInvalid)
        {
            throw new DomainException("phone_code_invalid", "手机号授权已失效或已使用，请重新点击“获取手机号”");
        }
        catch (WechatApiException e)
        {
            throw new WechatUnavailableException(inner: e);
        }
    }
}
