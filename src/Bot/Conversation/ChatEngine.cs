using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Push;
using WechatCare.Domain.Activities;
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
    ChatIdentity identity, ChatCommands commands, ISender sender, IRateGate gate, CareDb db, BotActionLog actions,
    IOptions<BotOptions> options, TimeProvider clock, ILogger<ChatEngine> log)
{
    public const string ActivityCheckInScene = "activity-checkin:";

    /// <summary>The stored "last message" time moves when it is older than this (the 48-hour window closes at most this much early).</summary>
    public static readonly TimeSpan LastMessagePrecision = TimeSpan.FromHours(1);

    public Task<string?> ReplyAsync(InboundMessage message, CancellationToken ct) => message switch
    {
        TextMessage text => RunAsync(text.FromUserName, text.Content, ct, wrote: true),
        VoiceMessage { Recognition.Length: > 0 } voice => RunAsync(voice.FromUserName, voice.Recognition, ct, wrote: true),
        MenuClickEvent click => RunAsync(click.FromUserName, click.Key, ct, wrote: false),
        SubscribeEvent subscribe => WelcomeAsync(subscribe, ct),
        ScanEvent scan => ScanAsync(scan, ct),
        UnsubscribeEvent unsubscribe => UnfollowAsync(unsubscribe, ct),
        SubscribeMessagePopupEvent popup => RecordDecisionsAsync(popup.FromUserName, popup.Decisions, ct),
        SubscribeMessageChangeEvent change => RecordDecisionsAsync(change.FromUserName, change.Decisions, ct),
        ImageMessage or VoiceMessage => Task.FromResult<string?>(Replies.OnlyText),
        _ => Task.FromResult<string?>(null),
    };

    /// <summary>Runs what the person wrote (<paramref name="wrote"/>) or the menu key they clicked as a command.</summary>
    public async Task<string?> RunAsync(string openId, string text, CancellationToken ct, bool wrote = true)
    {
        // The limit comes first, so a flood from one chat costs neither database nor WeChat calls.
        var limit = await gate.TryPassAsync("wechatcare:rate:bot:" + identity.HashOf(openId), options.Value.MessagesPerMinute, TimeSpan.FromMinutes(1), ct);
        if (!limit.Allowed) return new RateLimitedException(limit.RetryAfter).Detail;
        var context = await identity.ResolveAsync(openId, ct);

        var match = commands.Match(TextNormalizer.Normalize(text));
        if (match is not { } found)
        {
            await AuditAsync(context, "unknown", "ok", ct, wrote);
            return Replies.Unknown(context.IsLinked);
        }

        var (command, args) = found;
        if (!command.Audience.Allows(context))
        {
            await AuditAsync(context, command.Name, "not-allowed", ct, wrote);
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
        if (context.UserId is null && command is Commands.BindOfficialAccountCommand && outcome == "ok")
        {
            var linked = await db.Users.Where(u => u.OfficialAccountOpenId == openId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            await AuditAsync(context.OpenIdHash, linked, command.Name, outcome, ct, messagedBy: wrote ? linked : null);
        }
        else await AuditAsync(context, command.Name, outcome, ct, wrote);
        return reply;
    }

    private async Task<string?> WelcomeAsync(SubscribeEvent subscribe, CancellationToken ct)
    {
        var context = await identity.ResolveAsync(subscribe.FromUserName, ct);
        if (context.IsLinked) await sender.Send(new RecordOfficialAccountFollowCommand(subscribe.FromUserName, Follows: true), ct);
        await AuditAsync(context, "subscribe", "ok", ct);
        var welcome = context.IsLinked ? Replies.Welcome + "\n" + Replies.WelcomeBack : Replies.Welcome + "\n\n" + Replies.HowToLink;
        return await CheckInAsync(context, subscribe.SceneValue, ct) is { } checkIn ? welcome + "\n\n" + checkIn : welcome;
    }

    private async Task<string?> ScanAsync(ScanEvent scan, CancellationToken ct)
    {
        var context = await identity.ResolveAsync(scan.FromUserName, ct);
        var checkIn = await CheckInAsync(context, scan.SceneValue, ct);
        return checkIn is null ? Replies.WelcomeBack : context.IsLinked ? checkIn : checkIn + "\n\n" + Replies.HowToLink;
    }

    /// <summary>
    /// A parametric QR code's scene <c>activity-checkin:{scene}</c>: the volunteer checks in with the activity's signed
    /// check-in scene, through the same use case as the mini-program's POST /api/checkins. Null for other scenes.
    /// </summary>
    private async Task<string?> CheckInAsync(ChatContext context, string? scene, CancellationToken ct)
    {
        if (scene?.StartsWith(ActivityCheckInScene, StringComparison.Ordinal) != true) return null;
        if (!context.IsLinked)
        {
            await AuditAsync(context, "activity-check-in", "not-allowed", ct);
            return "绑定账号后才能扫码签到。";
        }
        string reply, outcome;
        try
        {
            var checkedIn = await sender.Send(new RecordAttendanceCommand(context.CallerId, null, AttendanceStep.CheckIn, null, scene[ActivityCheckInScene.Length..]), ct);
            (reply, outcome) = ($"签到成功（{checkedIn.CheckedInAt:HH:mm}），感谢你的参与！", "ok");
        }
        catch (ValidationException)
        {
            (reply, outcome) = (Replies.InvalidCheckInCode, "refused");
        }
        catch (DomainException refusal)
        {
            (reply, outcome) = (refusal.Detail, "refused");
        }
        await AuditAsync(context, "activity-check-in", outcome, ct);
        return reply;
    }

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

    /// <summary>
    /// Audits something the person did. When they <paramref name="wrote"/> to us (text or voice), WeChat's 48-hour
    /// customer-service window is open and their stored last-message time moves. A follow, a menu click or a QR scan
    /// opens only 3 messages within one minute (REFERENCE §3.3): nothing the dispatcher, which sends later, can use
    /// (<see cref="Delivery.ChannelReach"/>), so those events leave it where it was.
    /// </summary>
    private Task AuditAsync(ChatContext context, string command, string outcome, CancellationToken ct, bool wrote = false)
    {
        var stale = context.LastMessageAtUtc is not { } last || last < clock.GetUtcNow().UtcDateTime - LastMessagePrecision;
        return AuditAsync(context.OpenIdHash, context.UserId, command, outcome, ct, messagedBy: wrote && stale ? context.UserId : null);
    }

    private async Task AuditAsync(string openIdHash, Guid? userId, string command, string outcome, CancellationToken ct, Guid? messagedBy = null)
    {
        await actions.WriteAsync(BotAction.Record(openIdHash, userId, command, outcome, clock.GetUtcNow()), messagedBy, ct);
        log.LogInformation(BotEvents.CommandHandled, "Bot {Command} for user {UserId}: {Outcome}", command, userId, outcome);
    }
}
