using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Push;
using WechatCare.Domain.Chatbot;
using WechatCare.Domain.Common;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Wechat.Push;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// The conversation: one verified Official Account message or event in, the reply text out (null = nothing to say).
/// Text, voice recognition and menu clicks run a command for the person as far as they are linked; events keep the
/// follower state and the subscribe ledger current. Every action is audited as done through the bot.
/// </summary>
public sealed class ChatEngine(
    ChatIdentity identity, ChatCommands commands, ISender sender, IRateGate gate, CareDb db,
    IOptions<BotOptions> options, TimeProvider clock, ILogger<ChatEngine> log)
{
    public const string ActivityCheckInScene = "activity-checkin:";

    public Task<string?> ReplyAsync(InboundMessage message, CancellationToken ct) => message switch
    {
        TextMessage text => RunAsync(text.FromUserName, text.Content, ct),
        VoiceMessage { Recognition.Length: > 0 } voice => RunAsync(voice.FromUserName, voice.Recognition, ct),
        MenuClickEvent click => RunAsync(click.FromUserName, click.Key, ct),
        SubscribeEvent subscribe => WelcomeAsync(subscribe, ct),
        ScanEvent scan => Task.FromResult<string?>(SceneReply(scan.SceneValue) ?? Replies.WelcomeBack),
        UnsubscribeEvent unsubscribe => UnfollowAsync(unsubscribe, ct),
        SubscribeMessagePopupEvent popup => RecordDecisionsAsync(popup.FromUserName, popup.Decisions, ct),
        SubscribeMessageChangeEvent change => RecordDecisionsAsync(change.FromUserName, change.Decisions, ct),
        ImageMessage or VoiceMessage => Task.FromResult<string?>(Replies.OnlyText),
        _ => Task.FromResult<string?>(null),
    };

    /// <summary>Runs what the person wrote (or the menu key they clicked) as a command.</summary>
    public async Task<string?> RunAsync(string openId, string text, CancellationToken ct)
    {
        // The limit comes first, so a flood from one chat costs neither database nor WeChat calls.
        var limit = await gate.TryPassAsync("wechatcare:rate:bot:" + identity.HashOf(openId), options.Value.MessagesPerMinute, TimeSpan.FromMinutes(1), ct);
        if (!limit.Allowed) return new RateLimitedException(limit.RetryAfter).Detail;
        var context = await identity.ResolveAsync(openId, ct);

        var match = commands.Match(TextNormalizer.Normalize(text));
        if (match is not { } found)
        {
            await AuditAsync(context, "unknown", "ok", ct);
            return Replies.Unknown(context.IsLinked);
        }

        var (command, args) = found;
        if (!command.Audience.Allows(context))
        {
            await AuditAsync(context, command.Name, "not-allowed", ct);
            return context.IsLinked ? Replies.NotAllowed : Replies.HowToLink;
        }

        string reply, outcome;
        try
        {
            reply = await command.HandleAsync(context, args, ct);
            outcome = "ok";
        }
        catch (ValidationException)
        {
            (reply, outcome) = (Replies.BadFormat(command.Usage), "refused");
        }
        catch (DomainException refusal)
        {
            (reply, outcome) = (refusal.Detail, "refused");
        }
        catch (WechatUnavailableException e)
        {
            (reply, outcome) = (e.Message, "failed");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(BotEvents.CommandFailed, e, "Chat command {Command} failed", command.Name);
            (reply, outcome) = (Replies.Failed, "failed");
        }
        // A guest who just linked is audited as the user they became.
        var userId = context.UserId is null && command is Commands.BindOfficialAccountCommand && outcome == "ok"
            ? await db.Users.Where(u => u.OfficialAccountOpenId == openId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct)
            : context.UserId;
        await AuditAsync(context.OpenIdHash, userId, command.Name, outcome, ct, recordMessage: true);
        return reply;
    }

    private async Task<string?> WelcomeAsync(SubscribeEvent subscribe, CancellationToken ct)
    {
        var context = await identity.ResolveAsync(subscribe.FromUserName, ct);
        if (context.IsLinked) await sender.Send(new RecordOfficialAccountFollowCommand(subscribe.FromUserName, Follows: true), ct);
        await AuditAsync(context, "subscribe", "ok", ct);
        var welcome = context.IsLinked ? Replies.Welcome + "\n" + Replies.WelcomeBack : Replies.Welcome + "\n\n" + Replies.HowToLink;
        return SceneReply(subscribe.SceneValue) is { } scene ? welcome + "\n\n" + scene : welcome;
    }

    /// <summary>A parametric QR code's scene: <c>activity-checkin:{id}</c> checks in once Activities lands.</summary>
    private static string? SceneReply(string? scene) =>
        scene?.StartsWith(ActivityCheckInScene, StringComparison.Ordinal) == true ? Replies.ActivityCheckInComing : null;

    private async Task<string?> UnfollowAsync(UnsubscribeEvent unsubscribe, CancellationToken ct)
    {
        var userId = await sender.Send(new RecordOfficialAccountFollowCommand(unsubscribe.FromUserName, Follows: false), ct);
        await AuditAsync(identity.HashOf(unsubscribe.FromUserName), userId, "unsubscribe", "ok", ct);
        return null;
    }

    private async Task<string?> RecordDecisionsAsync(string openId, IReadOnlyList<SubscribeMessageDecision> decisions, CancellationToken ct)
    {
        var userId = await db.Users.Where(u => u.OfficialAccountOpenId == openId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (userId is { } id)
            await sender.RecordSubscribeDecisionsAsync(id, decisions, ct);
        await AuditAsync(identity.HashOf(openId), userId, "subscribe-decision", userId is null ? "not-allowed" : "ok", ct);
        return null;
    }

    private Task AuditAsync(ChatContext context, string command, string outcome, CancellationToken ct) =>
        AuditAsync(context.OpenIdHash, context.UserId, command, outcome, ct, recordMessage: true);

    private async Task AuditAsync(string openIdHash, Guid? userId, string command, string outcome, CancellationToken ct, bool recordMessage = false)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();   // a refused command must not leave half a change behind for this save
        db.BotActions.Add(BotAction.Record(openIdHash, userId, command, outcome, now));
        // The person wrote to us: WeChat's 48-hour customer-service window is open (the delivery channels use it).
        if (recordMessage && userId is { } id && await db.Users.FindAsync([id], ct) is { } user) user.RecordOfficialAccountMessage(now);
        await db.SaveChangesAsync(ct);
        log.LogInformation(BotEvents.CommandHandled, "Bot {Command} for user {UserId}: {Outcome}", command, userId, outcome);
    }
}
