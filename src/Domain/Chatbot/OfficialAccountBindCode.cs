using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatCare.Domain.Chatbot;

/// <summary>
/// A one-time 6-digit code the mini-program shows; sent as "绑定公众号 123456" in the Official Account chat it links that
/// chat's openid to the user. Only a keyed hash of the code is stored.
/// </summary>
public sealed class OfficialAccountBindCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private OfficialAccountBindCode() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTime ExpiresAtUtc { get; private set; }
    public DateTime? UsedAtUtc { get; private set; }

    public static OfficialAccountBindCode Issue(Guid userId, string codeHash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        CodeHash = codeHash,
        ExpiresAtUtc = (now + Lifetime).UtcDateTime,
    };

    public bool IsUsable(DateTimeOffset now) => UsedAtUtc is null && ExpiresAtUtc > now.UtcDateTime;

    public void Use(DateTimeOffset now) => UsedAtUtc = now.UtcDateTime;

    /// <summary>A newer code replaces this one.</summary>
    public void Retire(DateTimeOffset now) => ExpiresAtUtc = now.UtcDateTime;
}

internal sealed class OfficialAccountBindCodeMap : IEntityTypeConfiguration<OfficialAccountBindCode>
{
    public void Configure(EntityTypeBuilder<OfficialAccountBindCode> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        b.HasIndex(c => c.CodeHash);
        b.HasIndex(c => c.UserId);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(c => c.UserId);
    }
}
