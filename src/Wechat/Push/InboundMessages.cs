namespace WechatCare.Wechat.Push;

/// <summary>
/// A message or event WeChat pushed. Dispatch on the concrete type; <see cref="OtherPush"/> carries anything not modelled.
/// MsgType and Event are compared case-insensitively (subscribe is lower case, SCAN/CLICK upper case).
/// </summary>
public abstract record InboundMessage
{
    /// <summary>Our account: the OA's gh_ id, or the mini-program's original id.</summary>
    public string ToUserName { get; init; } = "";
    /// <summary>The user's openid for this app.</summary>
    public string FromUserName { get; init; } = "";
    public DateTimeOffset CreateTime { get; init; }
    public string MsgType { get; init; } = "";
    public string? Event { get; init; }
    /// <summary>Kept as text: OA ids exceed Int32 and mini-program ids may not be numbers.</summary>
    public string? MsgId { get; init; }
    /// <summary>Every top-level field as received, for what the typed properties do not cover.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>WeChat retries a push up to 3 times: dedupe on MsgId, or on sender + time + event for events.</summary>
    public string DedupeKey => MsgId ?? $"{FromUserName}:{CreateTime.ToUnixTimeSeconds()}:{Event}";
}

public sealed record TextMessage : InboundMessage
{
    public string Content { get; init; } = "";
}

public sealed record ImageMessage : InboundMessage
{
    public string PicUrl { get; init; } = "";
    public string MediaId { get; init; } = "";
}

public sealed record VoiceMessage : InboundMessage
{
    public string MediaId { get; init; } = "";
    public string? Format { get; init; }
    /// <summary>Speech-to-text, when the account has it enabled.</summary>
    public string? Recognition { get; init; }
}

/// <summary>The user followed the OA. Through a parametric QR code, <see cref="SceneValue"/> is the scene without "qrscene_".</summary>
public sealed record SubscribeEvent : InboundMessage
{
    public const string QrScenePrefix = "qrscene_";

    public string? EventKey { get; init; }
    public string? Ticket { get; init; }
    public string? SceneValue => EventKey is { } key && key.StartsWith(QrScenePrefix, StringComparison.Ordinal) ? key[QrScenePrefix.Length..] : null;
}

/// <summary>The user unfollowed: the OA rules ask us to delete what we derived from the OA.</summary>
public sealed record UnsubscribeEvent : InboundMessage;

/// <summary>A follower scanned a parametric QR code (EventKey is the bare scene value).</summary>
public sealed record ScanEvent : InboundMessage
{
    public string SceneValue { get; init; } = "";
    public string? Ticket { get; init; }
}

public sealed record MenuClickEvent : InboundMessage
{
    public string Key { get; init; } = "";
}

public sealed record MenuViewEvent : InboundMessage
{
    public string Url { get; init; } = "";
    public string? MenuId { get; init; }
}

/// <summary>One template in a subscribe-message popup or settings change: "accept" grants one send, "reject" none.</summary>
public sealed record SubscribeMessageDecision(string TemplateId, string Status, string? PopupScene)
{
    public bool Accepted => string.Equals(Status, "accept", StringComparison.OrdinalIgnoreCase);
}

/// <summary>subscribe_msg_popup_event: the user answered the subscribe popup.</summary>
public sealed record SubscribeMessagePopupEvent : InboundMessage
{
    public IReadOnlyList<SubscribeMessageDecision> Decisions { get; init; } = [];
}

/// <summary>subscribe_msg_change_event: the user changed a subscription in settings ("reject" = turned off).</summary>
public sealed record SubscribeMessageChangeEvent : InboundMessage
{
    public IReadOnlyList<SubscribeMessageDecision> Decisions { get; init; } = [];
}

public sealed record SubscribeMessageSentResult(string TemplateId, string MsgId, int ErrorCode, string? ErrorStatus)
{
    public bool Delivered => ErrorCode == 0;
}

/// <summary>subscribe_msg_sent_event: delivery results of subscribe messages.</summary>
public sealed record SubscribeMessageSentEvent : InboundMessage
{
    public IReadOnlyList<SubscribeMessageSentResult> Results { get; init; } = [];
}

/// <summary>TEMPLATESENDJOBFINISH: the result of an OA template send (success, failed:user block, failed: system failed…).</summary>
public sealed record TemplateSendJobFinishEvent : InboundMessage
{
    public string Status { get; init; } = "";
    public bool Delivered => string.Equals(Status, "success", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Anything else (video, location, LOCATION, user_enter_tempsession…): read <see cref="InboundMessage.Fields"/>.</summary>
public sealed record OtherPush : InboundMessage;
