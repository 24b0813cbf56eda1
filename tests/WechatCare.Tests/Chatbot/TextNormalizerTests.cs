using WechatCare.Bot.Conversation;

namespace WechatCare.Tests.Chatbot;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("  报名　　１２ ", "报名 12")]
    [InlineData("ＨＥＬＰ", "帮助")]
    [InlineData("？", "帮助")]
    [InlineData("取消报名12", "取消 12")]
    [InlineData("近期活动！", "活动")]
    [InlineData("出勤 小明", "考勤 小明")]
    [InlineData("消息盒子", "消息盒子")]
    [InlineData("我的通知", "通知")]
    [InlineData("是的", "是")]
    [InlineData("不保存", "否")]
    [InlineData("绑定公众号\t123 456", "绑定公众号 123 456")]
    public void People_type_commands_many_ways(string typed, string normalized) =>
        Assert.Equal(normalized, TextNormalizer.Normalize(typed));
}
