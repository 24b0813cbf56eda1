using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Notices;

namespace WechatCare.Api.Endpoints;

public static class NoticeEndpoints
{
    public sealed record AudienceRequest(AudienceKind Kind, Guid? ActivityId, string? ClassName);

    public sealed record PublishNoticeRequest(Guid OrganizationId, string Title, string Body, AudienceRequest Audience,
        bool RequiresConfirmation, DateTimeOffset? ScheduledAt);

    public sealed record SubscriptionsRequest(IReadOnlyList<string>? Accepted, IReadOnlyList<string>? Rejected, bool LongTerm);

    public static void MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/notices").WithTags("Notices");

        notices.MapPost("", async (PublishNoticeRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var audience = body.Audience is null ? null! : new Audience(body.Audience.Kind, body.Audience.ActivityId, body.Audience.ClassName);
            var created = await sender.Send(new PublishNoticeCommand(user.CallerId(), body.OrganizationId, body.Title ?? "", body.Body ?? "",
                audience, body.RequiresConfirmation, body.ScheduledAt), ct);
            return TypedResults.Created($"/api/notices/{created.Id}", created);
        }).WithName("PublishNotice");

        notices.MapGet("", (Guid organizationId, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListNoticesQuery(user.CallerId(), organizationId, new PageRequest(page, pageSize)), ct)).WithName("ListNotices");

        notices.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetNoticeQuery(user.CallerId(), id), ct)).WithName("GetNotice");

        notices.MapPost("/{id:guid}/approve", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ApproveNoticeCommand(user.CallerId(), id), ct)).WithName("ApproveNotice");

        notices.MapPost("/{id:guid}/read", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ReadNoticeCommand(user.CallerId(), id), ct)).WithName("ReadNotice");

        notices.MapPost("/{id:guid}/confirm", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ConfirmNoticeCommand(user.CallerId(), id), ct)).WithName("ConfirmNotice");

        notices.MapGet("/{id:guid}/unread", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListOutstandingRecipientsQuery(user.CallerId(), id, Unconfirmed: false, new PageRequest(page, pageSize)), ct)).WithName("ListUnreadRecipients");

        notices.MapGet("/{id:guid}/unconfirmed", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListOutstandingRecipientsQuery(user.CallerId(), id, Unconfirmed: true, new PageRequest(page, pageSize)), ct)).WithName("ListUnconfirmedRecipients");

        app.MapPost("/api/me/subscriptions", (SubscriptionsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new RecordSubscribeGrantsCommand(user.CallerId(), body.Accepted ?? [], body.Rejected ?? [], body.LongTerm, GrantReporter.MiniProgram), ct))
            .WithTags("Me").WithName("RecordSubscribeGrants");
    }
}
