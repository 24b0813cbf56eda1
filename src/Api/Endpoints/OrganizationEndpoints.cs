using System.Security.Claims;
using Mediator;
using WechatCare.Api.Auth;
using WechatCare.Domain.Common;
using WechatCare.Domain.Organizations;

namespace WechatCare.Api.Endpoints;

public static class OrganizationEndpoints
{
    public sealed record CreateOrganizationRequest(string Name, OrganizationKind Kind, string Region);

    public sealed record GrantRoleRequest(Role Role);

    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/organizations").WithTags("Organizations");

        orgs.MapPost("", async (CreateOrganizationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new CreateOrganizationCommand(user.CallerId(), body.Name ?? "", body.Kind, body.Region ?? ""), ct);
            return TypedResults.Created($"/api/organizations/{created.Id}", created);
        }).WithName("CreateOrganization");

        orgs.MapGet("", (ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListOrganizationsQuery(new PageRequest(page, pageSize)), ct)).WithName("ListOrganizations");

        orgs.MapGet("/{orgId:guid}", (Guid orgId, ISender sender, CancellationToken ct) =>
            sender.Send(new GetOrganizationQuery(orgId), ct)).WithName("GetOrganization");

        orgs.MapPut("/{orgId:guid}/members/{userId:guid}", (Guid orgId, Guid userId, GrantRoleRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GrantRoleCommand(user.CallerId(), orgId, userId, body.Role), ct)).WithName("GrantRole");
    }
}
