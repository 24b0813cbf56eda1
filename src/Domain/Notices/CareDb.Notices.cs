using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Notices;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticeRecipient> NoticeRecipients => Set<NoticeRecipient>();
}

internal sealed class NoticeMap : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.HasKey(n => n.Id);
        b.Property(n => n.Title).HasMaxLength(100);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.AudienceClassName).HasMaxLength(50);
        b.Property(n => n.HoldReason).HasMaxLength(200);
        b.Ignore(n => n.Audience);
        b.Ignore(n => n.SentAtUtc);
        b.HasIndex(n => new { n.OrganizationId, n.CreatedAtUtc });
        b.HasIndex(n => new { n.Status, n.RemindedAtUtc });
        b.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrganizationId);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.AuthorId);
    }
}

internal sealed class NoticeRecipientMap : IEntityTypeConfiguration<NoticeRecipient>
{
    public void Configure(EntityTypeBuilder<NoticeRecipient> b)
    {
        b.HasKey(r => r.MessageId);
        b.Property(r => r.MessageId).ValueGeneratedNever();
        b.HasIndex(r => new { r.NoticeId, r.UserId }).IsUnique();
        b.HasIndex(r => r.UserId);
        b.HasOne<Notice>().WithMany().HasForeignKey(r => r.NoticeId);
    }
}
