using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Data;

internal sealed class UserMap : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.HasKey(u => u.Id);
        b.Property(u => u.MiniProgramOpenId).HasMaxLength(64);
        b.Property(u => u.OfficialAccountOpenId).HasMaxLength(64);
        b.Property(u => u.UnionId).HasMaxLength(64);
        b.Property(u => u.SessionKeyCipher).HasMaxLength(256);
        b.Property(u => u.DisplayName).HasMaxLength(64);
        // Unique where present: both engines allow many NULLs in a unique index.
        b.HasIndex(u => u.MiniProgramOpenId).IsUnique();
        b.HasIndex(u => u.OfficialAccountOpenId).IsUnique();
        b.HasIndex(u => u.UnionId).IsUnique();
    }
}

internal sealed class OrganizationMap : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(100).IsRequired();
        b.Property(o => o.Region).HasMaxLength(100);
    }
}

internal sealed class MembershipMap : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.OrganizationId, m.UserId, m.Role }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.UserId);
    }
}

internal sealed class OutboxMessageMap : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.Purpose).HasMaxLength(64);
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.Link).HasMaxLength(500);
        b.Property(m => m.Channel).HasMaxLength(32);
        // The dispatcher writes an outcome only while its claim still holds the row (a reclaimed row is not overwritten).
        b.Property(m => m.LeaseOwner).HasMaxLength(64).IsConcurrencyToken();
        b.Property(m => m.LastError).HasMaxLength(500);
        b.Property(m => m.Trail).HasMaxLength(500);
        // The dispatcher's claim query: due rows by status.
        b.HasIndex(m => new { m.Status, m.DueAtUtc });
        // A claim reads back its rows by owner.
        b.HasIndex(m => m.LeaseOwner);
        b.HasIndex(m => m.RecipientUserId);
    }
}

internal sealed class InboxMessageMap : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> b)
    {
        b.ToTable("Inbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.Purpose).HasMaxLength(64);
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.Link).HasMaxLength(500);
        b.HasIndex(m => new { m.UserId, m.CreatedAtUtc });
    }
}

internal sealed class IdempotencyRecordMap : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.HasIndex(r => r.CreatedAtUtc);
    }
}
