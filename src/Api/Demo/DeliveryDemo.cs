using WechatCare.Domain.Messaging;
using WechatCare.Domain.Notices;

namespace WechatCare.Api.Demo;

/// <summary>One published notice to the parents of 4年级1班 (their children are seeded by <see cref="ChildrenDemo"/>).</summary>
public static class DeliveryDemo
{
    public static async Task SeedAsync(DemoWorld world)
    {
        var db = world.Db;
        var notice = Notice.Draft(world.School.Id, world.People["demo-teacher"].Id, "4年级1班秋季家长会",
            "本周五下午三点在学校礼堂召开家长会，请各位家长准时参加。", new Audience(AudienceKind.Class, ClassName: "4年级1班"),
            requiresConfirmation: true, scheduledAt: null, world.Now);
        db.Notices.Add(notice);
        foreach (var parent in new[] { "demo-parent-1", "demo-parent-2" })
        {
            var userId = world.People[parent].Id;
            var messageId = db.Send(userId, new MessageDraft(NoticeRelease.Purpose, notice.Title, notice.Body, notice.Link), world.Now);
            db.NoticeRecipients.Add(NoticeRecipient.For(messageId, notice.Id, userId));
        }
        notice.Publish(2, inSeveralCommits: false, world.Now);
        await db.SaveChangesAsync();
    }
}
