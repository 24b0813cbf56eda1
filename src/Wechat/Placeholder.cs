namespace WechatCare.Wechat; internal static class Placeholder {}
