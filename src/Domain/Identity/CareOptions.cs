namespace WechatCare.Domain.Identity;

/// <summary>The <c>Care</c> configuration section.</summary>
public sealed class CareOptions
{
    /// <summary>Openids that become platform admins at first login (<c>Care:AdminOpenIds</c>).</summary>
    public string[] AdminOpenIds { get; set; } = [];
}
