using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Pairing;

namespace WechatCare.Api.Endpoints;

/// <summary>Pairings (结对帮扶), contact logs, cadence rules and the organizer's views.</summary>
public static class PairingEndpoints
{
    public sealed record CreatePairingRequest(Guid OrganizationId, IReadOnlyList<Guid>? MentorIds, IReadOnlyList<Guid>? ChildIds, IReadOnlyList<CadenceInput>? Cadence);

    public sealed record LogContactRequest(Guid ChildId, ContactKind Kind, DateTimeOffset At, int? DurationMinutes, ContactOutcome? Outcome, string? Notes);

    public sealed record HandOverRequest(IReadOnlyList<Guid>? MentorIds, string? Note);

    public sealed record CadenceDefaultsRequest(IReadOnlyList<CadenceInput>? Cadence);

    public sealed record ClassTalksRequest(Guid OrganizationId, Guid TeacherId, string? ClassName);

    public static void MapPairingEndpoints(this IEndpointRouteBuilder app)
    {
        var pairings = app.MapGroup("/api/pairings").WithTags("Pairing");

        pairings.MapPost("", async (CreatePairingRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new CreatePairingCommand(user.CallerId(), body.OrganizationId, body.MentorIds ?? [], body.ChildIds ?? [], body.Cadence), ct);
            return TypedResults.Created($"/api/pairings/{created.Id}", created);
        }).WithName("CreatePairing");

        pairings.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetPairingQuery(user.CallerId(), id), ct)).WithName("GetPairing");

        pairings.MapPost("/{id:guid}/contacts", async (Guid id, LogContactRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var logged = await sender.Send(new LogContactCommand(user.CallerId(), id, body.ChildId, body.Kind, body.At, body.DurationMinutes ?? 0,
                body.Outcome ?? ContactOutcome.Reached, body.Notes), ct);
            return TypedResults.Created($"/api/pairings/{id}/contacts", logged);
        }).WithName("LogContact");

        pairings.MapGet("/{id:guid}/contacts", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListContactsQuery(user.CallerId(), id, new PageRequest(page, pageSize)), ct)).WithName("ListContacts");

        pairings.MapPost("/{id:guid}/end", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new EndPairingCommand(user.CallerId(), id), ct)).WithName("EndPairing");

        pairings.MapPost("/{id:guid}/handover", async (Guid id, HandOverRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var next = await sender.Send(new HandOverPairingCommand(user.CallerId(), id, body.MentorIds ?? [], body.Note), ct);
            return TypedResults.Created($"/api/pairings/{next.Id}", next);
        }).WithName("HandOverPairing");

        pairings.MapGet("/{id:guid}/card", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            TypedResults.Content(await sender.Send(new GetPairingCardQuery(user.CallerId(), id), ct), "text/html; charset=utf-8")).WithName("GetPairingCard");

        // Lists answer one page, { items, total }, like every list route (CONTRACT.md); the use case pages, so that it
        // audits only the children on the page it answers.
        pairings.MapGet("/overdue", (Guid organizationId, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListOverduePairingsQuery(user.CallerId(), organizationId, new PageRequest(page, pageSize)), ct))
            .WithName("ListOverduePairings");

        pairings.MapGet("/unpaired-children", (Guid organizationId, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListUnpairedChildrenQuery(user.CallerId(), organizationId, new PageRequest(page, pageSize)), ct))
            .WithName("ListUnpairedChildren");

        pairings.MapGet("/early-warnings", (Guid organizationId, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListEarlyWarningsQuery(user.CallerId(), organizationId, new PageRequest(page, pageSize)), ct))
            .WithName("ListEarlyWarnings");

        pairings.MapPost("/class-talks", async (ClassTalksRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new StartClassTalksCommand(user.CallerId(), body.OrganizationId, body.TeacherId, body.ClassName ?? ""), ct);
            return TypedResults.Created($"/api/pairings/{created.Id}", created);
        }).WithName("StartClassTalks");

        app.MapGet("/api/me/pairings", (ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListMyPairingsQuery(user.CallerId(), new PageRequest(page, pageSize)), ct))
            .WithTags("Pairing").WithName("ListMyPairings");

        app.MapPut("/api/organizations/{orgId:guid}/cadence-defaults", (Guid orgId, CadenceDefaultsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new SetCadenceDefaultsCommand(user.CallerId(), orgId, body.Cadence ?? []), ct)).WithTags("Pairing").WithName("SetCadenceDefaults");
    }
}
