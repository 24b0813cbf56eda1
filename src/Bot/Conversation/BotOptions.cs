namespace WechatCare.Bot.Conversation;

/// <summary>The <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>How long a push may take before we answer <c>success</c> and send the reply as a customer-service message (WeChat waits 5 s).</summary>
    public TimeSpan ReplyDeadline { get; set; } = TimeSpan.FromSeconds(4);
    /// <summary>Messages one Official Account follower may send per minute.</summary>
    public int MessagesPerMinute { get; set; } = 20;
    /// <summary>The Official Account menu published by <c>POST /api/admin/wechat/menu</c>; a click button's key is the command text it runs.</summary>
    public List<BotMenuButton> Menu { get; set; } = [];
}

public sealed class BotMenuButton
{
    public string Name { get; set; } = "";
    /// <summary>click, view or miniprogram; empty for a parent of sub-buttons.</summary>
    public string? Type { get; set; }
    public string? Key { get; set; }
    public string? Url { get; set; }
    public string? AppId { get; set; }
    public string? PagePath { get; set; }
    public List<BotMenuButton> SubButtons { get; set; } = [];
}
