using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Notices;

public sealed record PublishNoticeCommand(Guid CallerId, Guid OrganizationId, string Title, string Body, Audience Audience,
    bool RequiresConfirmation, DateTimeOffset? ScheduledAt) : ICommand<NoticeView>;

public sealed class PublishNoticeValidator : AbstractValidator<PublishNoticeCommand>
{
    public PublishNoticeValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Body).NotEmpty().MaximumLength(2000);
        RuleFor(c => c.Audience).NotNull();
        RuleFor(c => c.Audience.Kind).IsInEnum().When(c => c.Audience is not null);
        RuleFor(c => c.Audience.ClassName).NotEmpty().MaximumLength(50)
            .When(c => c.Audience is { Kind: AudienceKind.Class });
        RuleFor(c => c.Audience.ActivityId).NotEmpty()
            .When(c => c.Audience is { Kind: AudienceKind.Activity });
    }
}

public sealed class PublishNoticeHandler(CareDb db, IContentCheck contentCheck, IAudienceDirectory audiences, IOptions<NoticeOptions> options, TimeProvider clock)
    : ICommandHandler<PublishNoticeCommand, NoticeView>
{
    public async ValueTask<NoticeView> Handle(PublishNoticeCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Staff, ct);
        var authorOpenId = await db.Users.Where(u => u.Id == cmd.CallerId).Select(u => u.MiniProgramOpenId).SingleAsync(ct);

        // An audience that reaches nobody (a class name typed differently, an activity nobody signed up for) is refused
        // here, where the author can still correct it, instead of publishing to no one.
        var recipients = await audiences.ResolveAsync(cmd.OrganizationId, cmd.Audience, ct);
        if (recipients.Count == 0)
            throw new DomainException("audience_empty", "该范围内没有任何收件人，请检查班级名称或受众设置");

        // Checked before anything is written: risky text is refused and nothing is queued.
        var verdict = await contentCheck.CheckAsync(authorOpenId, cmd.Title, cmd.Body, ct);
        if (verdict == ContentVerdict.Risky)
            throw new DomainException("content_rejected", "通知内容未通过微信内容安全检测，请修改后再发布");

        var now = clock.GetUtcNow();
        var notice = Notice.Draft(cmd.OrganizationId, cmd.CallerId, cmd.Title, cmd.Body, cmd.Audience, cmd.RequiresConfirmation, cmd.ScheduledAt, now);
        db.Notices.Add(notice);
        if (verdict == ContentVerdict.Pass)
            await NoticeRelease.ReleaseAsync(db, audiences, notice, options.Value.RecipientsPerCommit, now, ct, recipients);
        else
        {
            notice.Hold(verdict == ContentVerdict.Review ? "微信内容安全建议人工审核" : "微信内容安全检测暂不可用，需人工审核");
            await db.SaveChangesAsync(ct);
        }
        return NoticeView.From(notice, stats: null, me: null);
    }
}

/// <summary>
/// Turns a checked (or approved) notice into one message per recipient (outbox, inbox and recipient rows, in bulk). The
/// notice commits with the first recipients' messages and the rest follow in commits of their own, so the dispatchers
/// send while a large audience is still being written; a release whose process died midway is completed by the bot
/// (<see cref="ResumeAsync"/>). The answer to the author still comes once every recipient's message is written.
/// </summary>
public static class NoticeRelease
{
    public const string Purpose = "notice";

    /// <param name="resolved">The audience, when the caller has just resolved it; otherwise it is resolved now.</param>
    public static async Task ReleaseAsync(CareDb db, IAudienceDirectory audiences, Notice notice, int recipientsPerCommit, DateTimeOffset now,
        CancellationToken ct, IReadOnlyList<Guid>? resolved = null)
    {
        var recipients = resolved ?? await audiences.ResolveAsync(notice.OrganizationId, notice.Audience, ct);
        var commits = recipients.Chunk(Math.Max(1, recipientsPerCommit)).ToList();
        notice.Publish(recipients.Count, inSeveralCommits: commits.Count > 1, now);
        await db.InTransaction(async () =>
        {
            // Changes are accepted only after the commit, so a retried transaction writes the notice again.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            if (commits.Count > 0) await WriteMessagesAsync(db, notice, commits[0], now, ct);
            return 0;
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
        if (commits.Count <= 1) return;

        foreach (var commit in commits.Skip(1))
            await db.InTransaction(async () => { await WriteMessagesAsync(db, notice, commit, now, ct); return 0; }, ct);
        notice.FinishRelease(recipients.Count);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Completes a release its process left unfinished: the audience is resolved again and whoever has no message of
    /// the notice yet gets one (the unique recipient index keeps anyone from getting two).
    /// </summary>
    public static async Task ResumeAsync(CareDb db, IAudienceDirectory audiences, Notice notice, int recipientsPerCommit, DateTimeOffset now, CancellationToken ct)
    {
        var reached = (await db.NoticeRecipients.Where(r => r.NoticeId == notice.Id).Select(r => r.UserId).ToListAsync(ct)).ToHashSet();
        var missing = (await audiences.ResolveAsync(notice.OrganizationId, notice.Audience, ct)).Where(u => !reached.Contains(u)).ToList();
        foreach (var commit in missing.Chunk(Math.Max(1, recipientsPerCommit)))
            await db.InTransaction(async () => { await WriteMessagesAsync(db, notice, commit, now, ct); return 0; }, ct);
        notice.FinishRelease(reached.Count + missing.Count);
        await db.SaveChangesAsync(ct);
    }

    private static async Task WriteMessagesAsync(CareDb db, Notice notice, IReadOnlyList<Guid> recipients, DateTimeOffset now, CancellationToken ct)
    {
        var sendAt = notice.SendAt(now);
        var draft = new MessageDraft(Purpose, notice.Title, notice.Body, notice.Link, DueAt: sendAt == now ? null : sendAt);
        var messageIds = await db.SendAllAsync(recipients.Select(user => (user, draft)).ToList(), now, ct);
        await db.InsertAllAsync(recipients.Select((user, i) => NoticeRecipient.For(messageIds[i], notice.Id, user)), ct);
    }
}

public sealed record ApproveNoticeCommand(Guid CallerId, Guid NoticeId) : ICommand<NoticeView>;

public sealed class ApproveNoticeHandler(CareDb db, IAudienceDirectory audiences, IOptions<NoticeOptions> options, TimeProvider clock)
    : ICommandHandler<ApproveNoticeCommand, NoticeView>
{
    public async ValueTask<NoticeView> Handle(ApproveNoticeCommand cmd, CancellationToken ct)
    {
        var notice = await db.Notices.FindAsync([cmd.NoticeId], ct) ?? throw new NotFoundException("该通知");
        if (!await db.HasRoleAsync(cmd.CallerId, notice.OrganizationId, Access.Staff, ct)) throw new NotFoundException("该通知");
        await db.RequireRoleAsync(cmd.CallerId, notice.OrganizationId, Access.Organizers, ct);
        notice.Approve(cmd.CallerId);
        var now = clock.GetUtcNow();
        await NoticeRelease.ReleaseAsync(db, audiences, notice, options.Value.RecipientsPerCommit, now, ct);
        return NoticeView.From(notice, stats: null, me: null);
    }
}
