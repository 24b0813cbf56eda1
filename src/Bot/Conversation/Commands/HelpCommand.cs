using System.Text;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>帮助 / 菜单: what this person can do here, by role; before linking, how to link.</summary>
public sealed class HelpCommand : IChatCommand
{
    public string Name => "help";
    public IReadOnlyList<string> Keywords { get; } = ["帮助", "菜单"];
    public string Usage => "帮助 — 查看可以做什么";
    public ChatAudience Audience => ChatAudience.Everyone;

    public ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        var text = new StringBuilder("你可以回复：");
        // Once linked, linking is no longer news; answers to a question the bot asked (no usage line) are not listed.
        foreach (var command in context.Commands.All.Where(c => c.Audience.Allows(context) && c.Usage.Length > 0
                                                                && !(context.IsLinked && c is BindOfficialAccountCommand)))
            text.Append('\n').Append(command.Usage);
        if (!context.IsLinked) text.Append("\n\n").Append(Replies.HowToLink);
        return ValueTask.FromResult(text.ToString());
    }
}
