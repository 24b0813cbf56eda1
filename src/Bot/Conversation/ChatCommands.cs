namespace WechatCare.Bot.Conversation;

/// <summary>The registered commands, matched by their longest keyword first ("今日考勤" before "考勤").</summary>
public sealed class ChatCommands
{
    private readonly IReadOnlyList<IChatCommand> _commands;
    private readonly IReadOnlyList<(string Keyword, IChatCommand Command)> _byKeyword;

    public ChatCommands(IEnumerable<IChatCommand> registered)
    {
        _commands = registered.ToList();
        _byKeyword = _commands.SelectMany(c => c.Keywords.Select(k => (Keyword: k, Command: c)))
            .OrderByDescending(k => k.Keyword.Length).ToList();
    }

    public IReadOnlyList<IChatCommand> All => _commands;

    /// <summary>The command the normalised text starts with, and the rest of the text as its argument.</summary>
    public (IChatCommand Command, string Args)? Match(string normalized)
    {
        foreach (var (keyword, command) in _byKeyword)
            if (normalized.StartsWith(keyword, StringComparison.Ordinal))
                return (command, normalized[keyword.Length..].Trim());
        return null;
    }
}
