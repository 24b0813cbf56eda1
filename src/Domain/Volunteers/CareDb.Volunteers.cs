using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Volunteers;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<VolunteerProfile> VolunteerProfiles => Set<VolunteerProfile>();
}

internal sealed class VolunteerProfileMap : IEntityTypeConfiguration<VolunteerProfile>
{
    public void Configure(EntityTypeBuilder<VolunteerProfile> b)
    {
        b.HasKey(v => v.UserId);
        b.HasOne<User>().WithOne().HasForeignKey<VolunteerProfile>(v => v.UserId);
        b.Property(v => v.RealName).HasMaxLength(50);
        b.Property(v => v.PhoneCipher).HasMaxLength(200);
        b.Property(v => v.PhoneHash).HasMaxLength(64);
        b.Property(v => v.School).HasMaxLength(100);
        b.Property(v => v.Skills).HasMaxLength(500);
        b.Property(v => v.GuardianConsentBy).HasMaxLength(50);
        b.Property(v => v.GuardianConsentRelation).HasMaxLength(20);
        b.Ignore(v => v.SkillList);
        b.HasIndex(v => v.PhoneHash);
    }
}
