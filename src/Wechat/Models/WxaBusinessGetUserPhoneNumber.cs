using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[POST] /wxa/business/getuserphonenumber — trade the getPhoneNumber button's code for a verified phone.</summary>
public sealed class WxaBusinessGetUserPhoneNumberRequest
{
    [JsonPropertyName("code")] public string Code { get; set; } = "";
}

public sealed class WxaBusinessGetUserPhoneNumberResponse : WechatApiResponse
{
    [JsonPropertyName("phone_info")] public Types.PhoneInfo PhoneInfo { get; set; } = new();

    public static class Types
    {
        public sealed class PhoneInfo
        {
            [JsonPropertyName("phoneNumber")] public string PhoneNumber { get; set; } = "";
            [JsonPropertyName("purePhoneNumber")] public string PurePhoneNumber { get; set; } = "";
            [JsonPropertyName("countryCode")] public string CountryCode { get; set; } = "";
            [JsonPropertyName("watermark")] public Watermark? Watermark { get; set; }
        }

        public sealed class Watermark
        {
            [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
            [JsonPropertyName("appid")] public string AppId { get; set; } = "";
        }
    }
}
