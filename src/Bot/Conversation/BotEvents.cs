using Microsoft.Extensions.Logging;

namespace WechatCare.Bot.Conversation;

/// <summary>Log event ids of the chatbot. Logs carry ids, command names and outcomes — never message text or openids.</summary>
public static class BotEvents
{
    public static readonly EventId CommandHandled = new(9001, nameof(CommandHandled));
    public static readonly EventId PushRejected = new(9002, nameof(PushRejected));
    public static readonly EventId DuplicatePush = new(9003, nameof(DuplicatePush));
    public static readonly EventId SlowReplySent = new(9004, nameof(SlowReplySent));
    public static readonly EventId SlowReplyFailed = new(9005, nameof(SlowReplyFailed));
    public static readonly EventId UnionIdLookupFailed = new(9006, nameof(UnionIdLookupFailed));
    public static readonly EventId CommandFailed = new(9007, nameof(CommandFailed));
    public static readonly EventId EventHandled = new(9008, nameof(EventHandled));
}
