using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mediator;
using WechatCare.Bot.Conversation;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Messaging;
using WechatCare.Wechat;
using WechatCare.Wechat.Errors;
using WechatCare.Wechat.Models;
using WechatCare.Wechat.Push;

namespace WechatCare.Bot.Push;

/// <summary>
/// What happens to a verified push: dedupe, then the conversation under a deadline. A quick answer goes back as the
/// passive reply; a slow one is answered <c>success</c> at once (WeChat gives up after 5 s) and sent afterwards as a
/// customer-service message, with a copy in the person's in-app inbox when they are linked.
/// </summary>
public sealed class PushPipeline(
    PushDedupe dedupe, IServiceScopeFactory scopes, WechatClients wechat, IOptions<BotOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<PushPipeline> log)
{
    public const string Success = "success";

    /// <summary>The reply to an Official Account push, before sealing: passive XML or <c>success</c>.</summary>
    public async Task<string> ReplyToOfficialAccountAsync(InboundPush push, WechatPushCodec codec, CancellationToken ct)
    {
        var message = push.Message;
        var claim = await dedupe.ClaimAsync("oa", message.DedupeKey, ct);
        if (!claim.First)
        {
            log.LogInformation(BotEvents.DuplicatePush, "Duplicate Official Account push ({MsgType}) answered without acting", message.MsgType);
            return claim.EarlierReply ?? Success;
        }

        // The conversation runs on the host's lifetime, not the request's: it finishes even after we answered "success".
        var work = ConverseAsync(message, lifetime.ApplicationStopping);
        using var timer = new CancellationTokenSource();
        var deadline = Task.Delay(options.Value.ReplyDeadline, timer.Token);
        if (await Task.WhenAny(work, deadline) == work)
        {
            await timer.CancelAsync();
            string? text;
            try
            {
                text = await work;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An event we could not record (the database was away): without the claim, WeChat's retry records it.
                // The exception itself is logged once, as the 500 it becomes.
                log.LogWarning(BotEvents.CommandFailed, "Official Account push ({MsgType}) failed ({Error}); left for WeChat to retry", message.MsgType, e.GetType().Name);
                await dedupe.ReleaseAsync(claim, ct);
                throw;
            }
            var reply = text is null ? Success : codec.BuildTextReply(message, text);
            await dedupe.RememberReplyAsync(claim, reply, ct);
            return reply;
        }

        await dedupe.RememberReplyAsync(claim, Success, ct);
        _ = SendLaterAsync(work, message.FromUserName);
        return Success;
    }

    /// <summary>A mini-program push: subscribe-message decisions feed the ledger; everything is answered <c>success</c>.</summary>
    public async Task<string> AcceptMiniProgramPushAsync(InboundPush push, CancellationToken ct)
    {
        var message = push.Message;
        var claim = await dedupe.ClaimAsync("mp", message.DedupeKey, ct);
        if (!claim.First) return Success;
        var decisions = message switch
        {
            SubscribeMessagePopupEvent popup => popup.Decisions,
            SubscribeMessageChangeEvent change => change.Decisions,
            _ => null,
        };
        if (decisions is null) return Success;

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CareDb>();
            var userId = await db.Users.Where(u => u.MiniProgramOpenId == message.FromUserName).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (userId is { } id)
                await scope.ServiceProvider.GetRequiredService<ISender>().RecordSubscribeDecisionsAsync(id, decisions, ct);
            log.LogInformation(BotEvents.EventHandled, "Mini-program {Event} for user {UserId}", message.Event, userId);
            return Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not recorded: answer an error so WeChat sends the push again, and let that copy through.
            log.LogWarning(BotEvents.CommandFailed, "Mini-program {Event} could not be recorded ({Error}); left for WeChat to retry", message.Event, e.GetType().Name);
            await dedupe.ReleaseAsync(claim, ct);
            throw;
        }
    }

    private async Task<string?> ConverseAsync(InboundMessage message, CancellationToken ct)
    {
        await Task.Yield();   // the deadline starts counting now, not after the first synchronous stretch
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ChatEngine>().ReplyAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && message is TextMessage or MenuClickEvent)
        {
            // The person asked for something: tell them it failed (they can ask again). Events fail to the caller.
            log.LogError(BotEvents.CommandFailed, e, "Official Account push ({MsgType}) failed", message.MsgType);
            return Replies.Failed;
        }
    }

    private async Task SendLaterAsync(Task<string?> work, string openId)
    {
        try
        {
            if (await work is not { } text) return;

            // The inbox copy first: if WeChat then refuses the customer message (window closed, count used up, WeChat
            // down), a linked person still finds the reply in the app. Inbox only, no outbox row: the send is right here.
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CareDb>();
                if (await db.Users.Where(u => u.OfficialAccountOpenId == openId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(lifetime.ApplicationStopping) is { } userId)
                {
                    db.Inbox.Add(InboxMessage.For(Guid.CreateVersion7(), userId, new MessageDraft("bot_reply", "公众号助手的回复", text), clock.GetUtcNow()));
                    await db.SaveChangesAsync(lifetime.ApplicationStopping);
                }
            }
            await wechat.OfficialAccount.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.ForText(openId, text), lifetime.ApplicationStopping);
            log.LogInformation(BotEvents.SlowReplySent, "Slow reply sent as a customer-service message");
        }
        catch (WechatApiException e)
        {
            log.LogWarning(BotEvents.SlowReplyFailed, "Slow reply could not be sent: errcode {ErrorCode}", e.ErrorCode);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(BotEvents.SlowReplyFailed, e, "Slow reply failed");
        }
        catch (OperationCanceledException) { /* shutting down */ }
    }
}

public static class SubscribeGrantLedgerExtensions
{
    /// <summary>WeChat's per-template answers go into the delivery feature's subscribe-grant ledger.</summary>
    public static async Task RecordSubscribeDecisionsAsync(this ISender sender, Guid userId, IReadOnlyList<SubscribeMessageDecision> decisions, CancellationToken ct) =>
        await sender.Send(new RecordSubscribeGrantsCommand(userId,
            decisions.Where(d => d.Accepted).Select(d => d.TemplateId).ToList(),
            decisions.Where(d => !d.Accepted).Select(d => d.TemplateId).ToList(), LongTerm: false, GrantReporter.WechatPush), ct);
}
