using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;

namespace WechatCare.Api.Endpoints;

/// <summary>
/// Children, guardians, consent and attendance. Phones never travel in a URL (URLs reach the request log): the
/// lookup by guardian phone is a POST.
/// </summary>
public static class ChildrenEndpoints
{
    public sealed record CreateChildRequest(
        Guid OrganizationId, string Name, Gender? Gender, DateOnly? BirthDate, int? Grade, string? ClassName, GuardianInfo Guardian,
        IReadOnlyList<ParentInfo>? Parents, LeftBehindKind? LeftBehind, string? Personality, string? Hobbies, string? HealthNotes,
        ConsentInput? Consent);

    public sealed record SearchChildrenRequest(Guid OrganizationId, string? GuardianPhone, string? ClassName);

    public sealed record RedeemInviteRequest(string Code);

    public sealed record WithdrawConsentRequest(IReadOnlyList<ConsentScope> Scopes);

    public sealed record ReportPreferencesRequest(DayOfWeek WeeklyCardDay, int WeeklyCardHour, int QuietFromHour, int QuietToHour);

    public sealed record RecordAttendanceRequest(Guid OrganizationId, DateOnly? Date, AttendancePlace Place, IReadOnlyList<AttendanceEntry> Entries);

    public sealed record WeeklyNoteRequest(string Note);

    public sealed record BreachRequest(IReadOnlyList<Guid> ChildIds);

    /// <summary>The <c>Children</c> options; the benchmark's privacy-off switch is refused outside the Benchmark environment.</summary>
    public static void AddChildrenOptions(this IServiceCollection services, WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Children");
        if (section.GetValue<bool>(nameof(ChildrenOptions.UnprotectedReadsForBenchmark)) && !builder.Environment.IsEnvironment("Benchmark"))
            throw new InvalidOperationException("Children:UnprotectedReadsForBenchmark is only allowed in the Benchmark environment.");
        services.Configure<ChildrenOptions>(section);
        services.AddSingleton<ChildAuditWriter>();
    }

    public static void MapChildrenEndpoints(this IEndpointRouteBuilder app)
    {
        var children = app.MapGroup("/api/children").WithTags("Children");

        children.MapPost("", async (CreateChildRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new CreateChildCommand(user.CallerId(), body.OrganizationId, body.Name ?? "", body.Gender, body.BirthDate,
                body.Grade, body.ClassName ?? "", body.Guardian, body.Parents ?? [], body.LeftBehind, body.Personality, body.Hobbies,
                body.HealthNotes, body.Consent), ct);
            return TypedResults.Created($"/api/children/{created.Id}", created);
        }).WithName("CreateChild");

        children.MapGet("", (Guid organizationId, ClaimsPrincipal user, ISender sender, CancellationToken ct, string? className = null, int page = 1, int pageSize = 20) =>
            sender.Send(new ListChildrenQuery(user.CallerId(), organizationId, className, null, new PageRequest(page, pageSize)), ct)).WithName("ListChildren");

        children.MapPost("/search", (SearchChildrenRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListChildrenQuery(user.CallerId(), body.OrganizationId, body.ClassName, body.GuardianPhone, new PageRequest(page, pageSize)), ct))
            .WithName("SearchChildren");

        children.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetChildQuery(user.CallerId(), id), ct)).WithName("GetChild");

        children.MapPatch("/{id:guid}", (Guid id, ChildChanges body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new UpdateChildCommand(user.CallerId(), id, body), ct)).WithName("UpdateChild");

        children.MapGet("/{id:guid}/reads", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new GetChildReadsQuery(user.CallerId(), id, new PageRequest(page, pageSize)), ct)).WithName("GetChildReads");

        children.MapPost("/{id:guid}/guardian-invites", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var invite = await sender.Send(new IssueGuardianInviteCommand(user.CallerId(), id), ct);
            return TypedResults.Created($"/api/children/{id}", invite);
        }).WithName("IssueGuardianInvite");

        children.MapPost("/{id:guid}/consents", (Guid id, ConsentInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RenewConsentCommand(user.CallerId(), id, body), ct)).WithName("RenewConsent");

        children.MapPost("/{id:guid}/consent-withdrawals", (Guid id, WithdrawConsentRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new WithdrawConsentCommand(user.CallerId(), id, body.Scopes ?? []), ct)).WithName("WithdrawConsent");

        // One page of the days, { items, total }, like every list (CONTRACT.md): a month needs pageSize=31.
        children.MapGet("/{id:guid}/attendance", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct,
                DateOnly? from = null, DateOnly? to = null, int page = 1, int pageSize = 20) =>
            Page.Of(await sender.Send(new GetChildAttendanceQuery(user.CallerId(), id, from, to), ct), new PageRequest(page, pageSize)))
            .WithName("GetChildAttendance");

        children.MapPut("/{id:guid}/weekly-notes/{weekOf}", (Guid id, DateOnly weekOf, WeeklyNoteRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new WriteWeeklyNoteCommand(user.CallerId(), id, weekOf, body.Note ?? ""), ct)).WithName("WriteWeeklyNote");

        children.MapGet("/{id:guid}/export", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ExportChildDataQuery(user.CallerId(), id), ct)).WithName("ExportChildData");

        children.MapPost("/{id:guid}/deletion-request", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RequestChildDeletionCommand(user.CallerId(), id), ct)).WithName("RequestChildDeletion");

        children.MapPost("/{id:guid}/leave", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new MarkChildLeftCommand(user.CallerId(), id), ct)).WithName("MarkChildLeft");

        app.MapPost("/api/organizations/{orgId:guid}/breach/guardians-to-inform", (Guid orgId, BreachRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ListGuardiansToInformQuery(user.CallerId(), orgId, body.ChildIds ?? []), ct)).WithTags("Children").WithName("ListGuardiansToInform");

        app.MapPost("/api/attendance", (RecordAttendanceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordAttendanceCommand(user.CallerId(), body.OrganizationId, body.Date, body.Place, body.Entries ?? []), ct))
            .WithTags("Children").WithName("RecordAttendance");

        app.MapPut("/api/organizations/{orgId:guid}/health-note-readers/{userId:guid}", (Guid orgId, Guid userId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GrantHealthNoteAccessCommand(user.CallerId(), orgId, userId, Granted: true), ct)).WithTags("Children").WithName("GrantHealthNoteAccess");
        app.MapDelete("/api/organizations/{orgId:guid}/health-note-readers/{userId:guid}", (Guid orgId, Guid userId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GrantHealthNoteAccessCommand(user.CallerId(), orgId, userId, Granted: false), ct)).WithTags("Children").WithName("RevokeHealthNoteAccess");

        var me = app.MapGroup("/api/me").WithTags("Children");
        me.MapPost("/children", (RedeemInviteRequest body, HttpContext http, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RedeemGuardianInviteCommand(user.CallerId(), body.Code ?? "", http.Connection.RemoteIpAddress?.ToString()), ct))
            .WithName("RedeemGuardianInvite");
        me.MapGet("/children", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ListMyChildrenQuery(user.CallerId()), ct)).WithName("ListMyChildren");
        me.MapGet("/report-preferences", (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetReportPreferencesQuery(user.CallerId()), ct)).WithName("GetReportPreferences");
        me.MapPut("/report-preferences", (ReportPreferencesRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new SetReportPreferencesCommand(user.CallerId(), body.WeeklyCardDay, body.WeeklyCardHour, body.QuietFromHour, body.QuietToHour), ct))
            .WithName("SetReportPreferences");
    }
}
