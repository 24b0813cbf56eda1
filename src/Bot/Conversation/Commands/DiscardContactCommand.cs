namespace WechatCare.Bot.Conversation.Commands;

/// <summary>否: drops the contact draft of <see cref="LogContactCommand"/>.</summary>
public sealed class DiscardContactCommand(ContactDrafts drafts) : IChatCommand
{
    public string Name => "discard-contact";
    public IReadOnlyList<string> Keywords { get; } = ["否"];
    public string Usage => "";   // the answer to "回复“是”保存", not listed in 帮助
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        if (args.Length > 0) return Replies.Unknown(context.IsLinked);
        await drafts.DiscardAsync(context, ct);
        return "好的，没有保存。";
    }
}
