using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatCare.Domain.Chatbot;

/// <summary>
/// One WeChat push we accepted, by its dedupe key (hashed). The primary key makes the second insert of a retried push
/// fail, so a retry is handled once even when Redis was down or restarted. Old rows are swept by a bot job.
/// </summary>
public sealed class WechatPushReceipt
{
    private WechatPushReceipt() { }

    /// <summary>hex(sha256(app + ":" + DedupeKey)).</summary>
    public string Key { get; private set; } = "";
    public DateTime ReceivedAtUtc { get; private set; }

    public static WechatPushReceipt For(string key, DateTimeOffset now) => new() { Key = key, ReceivedAtUtc = now.UtcDateTime };
}

internal sealed class WechatPushReceiptMap : IEntityTypeConfiguration<WechatPushReceipt>
{
    public void Configure(EntityTypeBuilder<WechatPushReceipt> b)
    {
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(64);
        b.HasIndex(r => r.ReceivedAtUtc);
    }
}
