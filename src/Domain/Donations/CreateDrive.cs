using FluentValidation;
using Mediator;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

public sealed record DriveItemInput(string Name, string Unit, int Target, IReadOnlyList<string>? Sizes, bool AllowOverPledge);

public sealed record CreateDriveCommand(
    Guid CallerId, Guid OrganizationId, string Title, string Description, string Designation, long MoneyTargetFen,
    IReadOnlyList<DriveItemInput> Items, DateTimeOffset? StartsAt, DateTimeOffset EndsAt, long ReceiptThresholdFen, Guid? ActivityId)
    : ICommand<DriveView>;

public sealed class CreateDriveValidator : AbstractValidator<CreateDriveCommand>
{
    public CreateDriveValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Description).NotNull().MaximumLength(2000);
        RuleFor(c => c.Designation).NotNull().MaximumLength(50);
        RuleFor(c => c.MoneyTargetFen).ValidFen();
        RuleFor(c => c.ReceiptThresholdFen).ValidFen();
        RuleFor(c => c.Items).NotNull().Must(i => i.Count <= 50).WithMessage("物品种类不能超过 50 项");
        RuleForEach(c => c.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.Name).NotEmpty().MaximumLength(100);
            item.RuleFor(i => i.Unit).NotEmpty().MaximumLength(20);
            item.RuleFor(i => i.Target).InclusiveBetween(1, 1_000_000).WithMessage("目标数量必须在 1 到 1000000 之间");
            item.RuleFor(i => i.Sizes).Must(s => s is null || (s.Count <= 20 && s.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 20 && !x.Contains(','))))
                .WithMessage("尺码最多 20 个，每个不超过 20 字，且不能含逗号");
            // What is stored is the sizes joined with commas, in a column of 200 (a longer value fails on MariaDB).
            item.RuleFor(i => i.Sizes).Must(s => DriveItem.JoinSizes(s).Length <= DriveItem.SizesMaxLength)
                .WithMessage($"尺码加起来不能超过 {DriveItem.SizesMaxLength} 字（含分隔的逗号），请减少尺码或写得短一些");
        });
        RuleFor(c => c).Must(c => c.MoneyTargetFen > 0 || c.Items.Count > 0).WithName("moneyTargetFen")
            .WithMessage("请填写募集金额或至少一项物品");
    }
}

public sealed class CreateDriveHandler(CareDb db, TimeProvider clock) : ICommandHandler<CreateDriveCommand, DriveView>
{
    public async ValueTask<DriveView> Handle(CreateDriveCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        var now = clock.GetUtcNow();
        var drive = Drive.Create(cmd.OrganizationId, cmd.Title, cmd.Description, cmd.Designation, cmd.MoneyTargetFen,
            cmd.ReceiptThresholdFen, cmd.ActivityId, cmd.StartsAt, cmd.EndsAt, cmd.CallerId, now);
        foreach (var item in cmd.Items) drive.AddItem(item.Name, item.Unit, item.Target, item.Sizes, item.AllowOverPledge);
        db.Drives.Add(drive);
        await db.SaveChangesAsync(ct);
        return await DriveProgress.ViewAsync(db, drive, now, ct);
    }
}

public sealed record OpenDriveCommand(Guid CallerId, Guid DriveId) : ICommand<DriveView>;
public sealed record CloseDriveCommand(Guid CallerId, Guid DriveId) : ICommand<DriveView>;

public sealed class ChangeDriveStatusHandler(CareDb db, TimeProvider clock) : ICommandHandler<OpenDriveCommand, DriveView>, ICommandHandler<CloseDriveCommand, DriveView>
{
    public ValueTask<DriveView> Handle(OpenDriveCommand cmd, CancellationToken ct) => ChangeAsync(cmd.CallerId, cmd.DriveId, d => d.Open(clock.GetUtcNow()), ct);
    public ValueTask<DriveView> Handle(CloseDriveCommand cmd, CancellationToken ct) => ChangeAsync(cmd.CallerId, cmd.DriveId, d => d.Close(), ct);

    private async ValueTask<DriveView> ChangeAsync(Guid callerId, Guid driveId, Action<Drive> change, CancellationToken ct)
    {
        var drive = await db.OrganizedDriveAsync(driveId, callerId, ct);
        change(drive);
        await db.SaveChangesAsync(ct);
        return await DriveProgress.ViewAsync(db, drive, clock.GetUtcNow(), ct);
    }
}
