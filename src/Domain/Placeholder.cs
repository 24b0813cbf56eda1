namespace WechatCare.Domain; internal static class Placeholder {}
