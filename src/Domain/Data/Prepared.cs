namespace WechatCare.Domain.Data;

/// <summary>The query tag (<c>TagWith(Prepared.Tag)</c>) that asks for a server-side prepared statement where the provider has them.</summary>
public static class Prepared
{
    public const string Tag = "prepared";
}
