using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Identity;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<SubscribeGrant> SubscribeGrants => Set<SubscribeGrant>();
}

internal sealed class SubscribeGrantMap : IEntityTypeConfiguration<SubscribeGrant>
{
    public void Configure(EntityTypeBuilder<SubscribeGrant> b)
    {
        b.HasKey(g => g.Id);
        b.Property(g => g.TemplateId).HasMaxLength(128);
        b.Property(g => g.Version).IsConcurrencyToken();
        b.HasIndex(g => new { g.UserId, g.TemplateId }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(g => g.UserId);
    }
}
