using System.Security.Claims;
using Mediator;
using MiniExcelLibs;
using WechatCare.Api.Auth;
using WechatCare.Api.Infrastructure;
using WechatCare.Domain.Common;
using WechatCare.Domain.Donations;

namespace WechatCare.Api.Endpoints;

/// <summary>
/// Donation drives, pledges, receipts, budgets and the public transparency page. Money arrives as JSON numbers and is
/// turned into whole fen by <see cref="Money.Fen(decimal?, string)"/> (fractions, negatives, absurd values → 400).
/// </summary>
public static class DonationEndpoints
{
    public sealed record DriveItemRequest(string? Name, string? Unit, int Target, string[]? Sizes, bool AllowOverPledge);

    public sealed record CreateDriveRequest(Guid OrganizationId, string? Title, string? Description, string? Designation, decimal? MoneyTargetFen,
        DriveItemRequest[]? Items, DateTimeOffset? StartsAt, DateTimeOffset EndsAt, decimal? ReceiptThresholdFen, Guid? ActivityId);

    public sealed record PledgeItemRequest(Guid ItemId, int Quantity, string? Size);

    public sealed record PledgeRequest(decimal? AmountFen, PledgeItemRequest[]? Items, string? DonorName, bool Offline, bool Anonymous, bool WantsReceipt);

    public sealed record ReceiveRequest(decimal? AmountFen, PledgeItemRequest[]? Items);

    public sealed record CorrectionRequest(decimal? AmountFen);

    public sealed record ReceiptRequest(string? DonorName);

    public sealed record DistributeRequest(Guid? ActivityId, string? ClassName);

    public sealed record ExpenseRequest(string? Category, decimal? AmountFen, string? Note, string? EvidenceRef, Guid? BudgetLineId);

    public sealed record ReverseExpenseRequest(string? Reason);

    public sealed record BudgetLineRequest(string? Category, string? Note, int Quantity, decimal? UnitPriceFen);

    public static void MapDonationEndpoints(this IEndpointRouteBuilder app)
    {
        var drives = app.MapGroup("/api/drives").WithTags("Donations");

        drives.MapPost("", async (CreateDriveRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new CreateDriveCommand(user.CallerId(), body.OrganizationId, body.Title ?? "", body.Description ?? "",
                body.Designation ?? "", Money.Fen(body.MoneyTargetFen, "moneyTargetFen") ?? 0,
                (body.Items ?? []).Select(i => new DriveItemInput(i.Name ?? "", i.Unit ?? "", i.Target, i.Sizes, i.AllowOverPledge)).ToList(),
                body.StartsAt, body.EndsAt, Money.Fen(body.ReceiptThresholdFen, "receiptThresholdFen") ?? Drive.DefaultReceiptThresholdFen,
                body.ActivityId), ct);
            return TypedResults.Created($"/api/drives/{created.Id}", created);
        }).WithName("CreateDrive");

        drives.MapGet("", (ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? organizationId, string? status, int page = 1, int pageSize = 20) =>
            sender.Send(new ListDrivesQuery(user.CallerId(), organizationId, QueryValues.Enum<DriveStatus>(status, "status"), new PageRequest(page, pageSize)), ct)).WithName("ListDrives");

        drives.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetDriveQuery(user.CallerId(), id), ct)).WithName("GetDrive");

        drives.MapPost("/{id:guid}/open", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new OpenDriveCommand(user.CallerId(), id), ct)).WithName("OpenDrive");

        drives.MapPost("/{id:guid}/close", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CloseDriveCommand(user.CallerId(), id), ct)).WithName("CloseDrive");

        drives.MapPost("/{id:guid}/pledges", async (Guid id, PledgeRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var pledge = await sender.Send(new PledgeToDriveCommand(user.CallerId(), id, Money.Fen(body.AmountFen, "amountFen") ?? 0,
                Items(body.Items) ?? [], body.DonorName, body.Offline, body.Anonymous, body.WantsReceipt), ct);
            return TypedResults.Created($"/api/drives/{id}/pledges/{pledge.Id}", pledge);
        }).WithName("PledgeToDrive");

        drives.MapGet("/{id:guid}/pledges", (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
            sender.Send(new ListPledgesQuery(user.CallerId(), id, new PageRequest(page, pageSize)), ct)).WithName("ListPledges");

        drives.MapDelete("/{id:guid}/pledges/{pledgeId:guid}", (Guid id, Guid pledgeId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CancelPledgeCommand(user.CallerId(), id, pledgeId), ct)).WithName("CancelPledge");

        drives.MapPost("/{id:guid}/pledges/{pledgeId:guid}/receive", (Guid id, Guid pledgeId, ReceiveRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new ReceivePledgeCommand(user.CallerId(), id, pledgeId, Money.Fen(body.AmountFen, "amountFen"), Items(body.Items)), ct))
            .WithName("ReceivePledge");

        drives.MapPost("/{id:guid}/pledges/{pledgeId:guid}/receive/correction", (Guid id, Guid pledgeId, CorrectionRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new CorrectReceivedAmountCommand(user.CallerId(), id, pledgeId, Money.Fen(body.AmountFen, "amountFen")), ct))
            .WithName("CorrectReceivedAmount");

        drives.MapPost("/{id:guid}/pledges/{pledgeId:guid}/distribute", (Guid id, Guid pledgeId, DistributeRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new DistributePledgeCommand(user.CallerId(), id, pledgeId, body.ActivityId, body.ClassName), ct)).WithName("DistributePledge");

        drives.MapPost("/{id:guid}/pledges/{pledgeId:guid}/receipt", async (Guid id, Guid pledgeId, ReceiptRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var receipt = await sender.Send(new IssueReceiptCommand(user.CallerId(), id, pledgeId, body?.DonorName), ct);
            return TypedResults.Created($"/api/receipts/{receipt.Id}", receipt);
        }).WithName("IssueReceipt");

        drives.MapPost("/{id:guid}/expenses", async (Guid id, ExpenseRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var expense = await sender.Send(new RecordExpenseCommand(user.CallerId(), id, body.Category ?? "", Money.Fen(body.AmountFen, "amountFen") ?? 0,
                body.Note ?? "", body.EvidenceRef ?? "", body.BudgetLineId), ct);
            return TypedResults.Created($"/api/drives/{id}/expenses/{expense.Id}", expense);
        }).WithName("RecordExpense");

        drives.MapPost("/{id:guid}/expenses/{expenseId:guid}/reverse", async (Guid id, Guid expenseId, ReverseExpenseRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var reversal = await sender.Send(new ReverseExpenseCommand(user.CallerId(), id, expenseId, body.Reason ?? ""), ct);
            return TypedResults.Created($"/api/drives/{id}/expenses/{reversal.Id}", reversal);
        }).WithName("ReverseExpense");

        drives.MapGet("/{id:guid}/export", async (Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var export = await sender.Send(new ExportDriveQuery(user.CallerId(), id), ct);
            var stream = new MemoryStream();
            await stream.SaveAsAsync(DonationExport.Sheets(export), cancellationToken: ct);
            stream.Position = 0;
            return TypedResults.File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"drive-{id:N}.xlsx");
        }).WithName("ExportDrive");

        var receipts = app.MapGroup("/api/receipts").WithTags("Donations");
        receipts.MapGet("/{receiptId:guid}", (Guid receiptId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetReceiptQuery(user.CallerId(), receiptId), ct)).WithName("GetReceipt");
        receipts.MapGet("/{receiptId:guid}/print", async (Guid receiptId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            TypedResults.Content(DonationPages.Receipt(await sender.Send(new GetReceiptQuery(user.CallerId(), receiptId), ct)), "text/html; charset=utf-8"))
            .WithName("PrintReceipt");

        var budgets = app.MapGroup("/api/organizations/{orgId:guid}/activities/{activityId:guid}").WithTags("Donations");
        budgets.MapPost("/budget-lines", async (Guid orgId, Guid activityId, BudgetLineRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        {
            var line = await sender.Send(new AddBudgetLineCommand(user.CallerId(), orgId, activityId, body.Category ?? "", body.Note ?? "",
                body.Quantity, Money.Fen(body.UnitPriceFen, "unitPriceFen") ?? 0), ct);
            return TypedResults.Created($"/api/organizations/{orgId}/activities/{activityId}/budget", line);
        }).WithName("AddBudgetLine");
        budgets.MapGet("/budget", (Guid orgId, Guid activityId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            sender.Send(new GetBudgetQuery(user.CallerId(), orgId, activityId), ct)).WithName("GetBudget");

        // Public: the transparency page of a drive and the verification of a printed receipt.
        var open = app.MapGroup("/api/public").WithTags("Donations").AllowAnonymous();
        open.MapGet("/drives/{id:guid}", (Guid id, ISender sender, CancellationToken ct) =>
            sender.Send(new GetTransparencyQuery(id), ct)).WithName("GetDriveTransparency");
        open.MapGet("/drives/{id:guid}/print", async (Guid id, ISender sender, CancellationToken ct) =>
            TypedResults.Content(DonationPages.Transparency(await sender.Send(new GetTransparencyQuery(id), ct)), "text/html; charset=utf-8"))
            .WithName("PrintDriveTransparency");
        open.MapGet("/receipts/{code}", (string code, ISender sender, CancellationToken ct) =>
            sender.Send(new VerifyReceiptQuery(code), ct)).WithName("VerifyReceipt");
    }

    private static List<PledgeItemInput>? Items(PledgeItemRequest[]? items) =>
        items?.Select(i => new PledgeItemInput(i.ItemId, i.Quantity, i.Size)).ToList();
}
