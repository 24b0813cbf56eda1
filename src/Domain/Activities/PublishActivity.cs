using Mediator;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Activities;

public sealed record PublishActivityCommand(Guid CallerId, Guid ActivityId) : ICommand<ActivityView>;

public sealed class PublishActivityHandler(CareDb db, TimeProvider clock) : ICommandHandler<PublishActivityCommand, ActivityView>
{
    public async ValueTask<ActivityView> Handle(PublishActivityCommand cmd, CancellationToken ct)
    {
        var activity = await db.LoadActivityAsync(cmd.ActivityId, ct);
        await db.RequireRoleAsync(cmd.CallerId, activity.OrganizationId, Access.Organizers, ct);
        activity.Publish(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await db.ViewAsync(activity, ct);
    }
}
