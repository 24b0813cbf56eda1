namespace WechatCare.Bot; internal static class Placeholder {}
