using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Children;
using WechatCare.Domain.Children.Participation;
using WechatCare.Domain.Common;

namespace WechatCare.Api.Endpoints;

/// <summary>Children in activities: the child-side rules, the organizers' preview, enrolment, a parent's approval, attendance.</summary>
public static class ChildParticipationEndpoints
{
    public sealed record ChildAdmissionRequest(int? Places, int? MinGrade, bool? FirstTimersOfSeriesOnly, IReadOnlyList<ConsentScope>? ConsentScopes,
        bool? RequiresParentalApproval);

    public sealed record EnrolChildRequest(Guid ChildId);

    public sealed record ParentalApprovalRequest(bool Approved);

    public static void MapChildParticipationEndpoints(this IEndpointRouteBuilder app)
    {
        var children = app.MapGroup("/api/activities/{id:guid}/children").WithTags("Children in activities");

        children.MapPut("/rules", (Guid id, ChildAdmissionRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new SetChildAdmissionCommand(user.CallerId(), id, body.Places, body.MinGrade, body.FirstTimersOfSeriesOnly ?? false,
                body.ConsentScopes ?? [ConsentScope.BasicArchive], body.RequiresParentalApproval ?? false), ct)).WithName("SetChildAdmission");

        children.MapGet("/eligibility", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new PreviewChildEligibilityQuery(user.CallerId(), id, new PageRequest(page, pageSize)), ct)).WithName("PreviewChildEligibility");

        children.MapPost("", async (Guid id, EnrolChildRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var enrolled = await sender.Send(new EnrolChildCommand(user.CallerId(), id, body.ChildId), ct);
            return TypedResults.Created($"/api/activities/{id}/children/{enrolled.ChildId}", enrolled);
        }).WithName("EnrolChild");

        children.MapPost("/{childId:guid}/approval", (Guid id, Guid childId, ParentalApprovalRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new DecideChildParticipationCommand(user.CallerId(), id, childId, body.Approved), ct)).WithName("DecideChildParticipation");

        children.MapPost("/{childId:guid}/attendance", (Guid id, Guid childId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordChildActivityAttendanceCommand(user.CallerId(), id, childId), ct)).WithName("RecordChildActivityAttendance");
    }
}
