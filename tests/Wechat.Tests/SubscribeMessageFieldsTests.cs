using WechatCare.Wechat.Models;

namespace WechatCare.Wechat.Tests;

public class SubscribeMessageFieldsTests
{
    [Theory]
    [InlineData("thing1", "周六陪伴活动")]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十")]
    [InlineData("phrase3", "已报名")]
    [InlineData("character_string4", "NO-2026-0042")]
    [InlineData("name5", "张三")]
    [InlineData("name5", "Zhang San Feng")]
    [InlineData("number6", "12.5")]
    [InlineData("letter7", "abc")]
    [InlineData("symbol8", "-%")]
    [InlineData("time9", "15:01")]
    [InlineData("time9", "2019年10月1日 15:01")]
    [InlineData("date10", "2019年10月1日")]
    [InlineData("date10", "2026-07-04 09:00")]
    [InlineData("amount11", "¥99.00")]
    [InlineData("phone_number12", "+86-0766-66888866")]
    [InlineData("car_number13", "粤A12345")]
    public void Valid_values_pass(string key, string value) => Assert.Null(SubscribeMessageFields.Violation(key, value));

    [Theory]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十一")]
    [InlineData("phrase3", "ok")]
    [InlineData("phrase3", "报名成功啦啦")]
    [InlineData("character_string4", "编号42")]
    [InlineData("character_string4", "123456789012345678901234567890123")]
    [InlineData("name5", "欧阳一二三四五六七八九")]
    [InlineData("number6", "12a")]
    [InlineData("letter7", "ab1")]
    [InlineData("symbol8", "%%%%%%")]
    [InlineData("time9", "下午三点")]
    [InlineData("date10", "明天")]
    [InlineData("amount11", "九十九元")]
    [InlineData("phone_number12", "电话123")]
    [InlineData("car_number13", "粤A1234567")]
    [InlineData("thing1", "")]
    public void Invalid_values_are_named(string key, string value)
    {
        var rule = SubscribeMessageFields.Violation(key, value);
        Assert.NotNull(rule);
        var error = Assert.Throws<Errors.WechatFieldLimitException>(() =>
            SubscribeMessageFields.EnsureValid([KeyValuePair.Create(key, new WechatMessageValue(value))]));
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Lengths_count_code_points_not_utf16_units()
    {
        var twentyEmoji = string.Concat(Enumerable.Repeat("😀", 20));
        Assert.Null(SubscribeMessageFields.Violation("thing1", twentyEmoji));
    }

    [Theory]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十一二", "一二三四五六七八九十一二三四五六七八九…")]
    [InlineData("phrase2", "已经报名了吗", "已经报名了")]
    [InlineData("phrase2", "OK已报名", "已报名")]
    [InlineData("character_string3", "编号NO-42", "NO-42")]
    [InlineData("name4", "欧阳一二三四五六七八九", "欧阳一二三四五六七八")]
    [InlineData("thing5", "短标题", "短标题")]
    public void Fit_cuts_a_value_to_its_limit(string key, string value, string expected)
    {
        var fitted = SubscribeMessageFields.Fit(key, value);
        Assert.Equal(expected, fitted);
        Assert.Null(SubscribeMessageFields.Violation(key, fitted));
    }
}
