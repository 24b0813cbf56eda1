namespace WechatCare.Bot.Conversation;

/// <summary>The bot's fixed sentences, in one place.</summary>
internal static class Replies
{
    public const string HowToLink =
        "你还没有绑定账号。请打开小程序，在“我的”页面点“绑定公众号”获取 6 位绑定码，然后在这里回复“绑定公众号 123456”（换成你的绑定码）。";

    public const string Welcome = "欢迎关注！这里可以查看活动、通知和孩子的到校情况。";

    public const string WelcomeBack = "欢迎回来！回复“帮助”查看可以做什么。";

    public const string InvalidCheckInCode = "签到码无效，请扫描活动现场的签到码。";

    public const string OnlyText = "我暂时只看得懂文字。回复“帮助”查看可以做什么。";

    public const string NotAllowed = "这个功能不对你的身份开放。回复“帮助”查看你可以做什么。";

    public const string Failed = "抱歉，出了点问题，请稍后再试。";

    public static string Unknown(bool linked) => linked
        ? "没有听懂。回复“帮助”查看可以做什么。"
        : "没有听懂。回复“帮助”查看可以做什么。\n\n" + HowToLink;

    public static string BadFormat(string usage) => "格式不对。用法：" + usage;
}
