using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Children;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

internal sealed class PairingMap : IEntityTypeConfiguration<Pairing>
{
    public void Configure(EntityTypeBuilder<Pairing> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.HandoverNote).HasMaxLength(500);
        b.Ignore(p => p.Active);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId);
        b.HasMany(p => p.Mentors).WithOne().HasForeignKey(m => m.PairingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Children).WithOne().HasForeignKey(c => c.PairingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.OrganizationId, p.EndedAtUtc });
    }
}

internal sealed class PairingMentorMap : IEntityTypeConfiguration<PairingMentor>
{
    public void Configure(EntityTypeBuilder<PairingMentor> b)
    {
        b.HasKey(m => new { m.PairingId, m.UserId });
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class PairingChildMap : IEntityTypeConfiguration<PairingChild>
{
    public void Configure(EntityTypeBuilder<PairingChild> b)
    {
        b.HasKey(c => new { c.PairingId, c.ChildId });
        b.HasIndex(c => c.ChildId);
        b.HasOne<Child>().WithMany().HasForeignKey(c => c.ChildId);
    }
}

internal sealed class CadenceRuleMap : IEntityTypeConfiguration<CadenceRule>
{
    public void Configure(EntityTypeBuilder<CadenceRule> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Kinds).HasMaxLength(200);
        b.Ignore(r => r.Spec);
        b.HasIndex(r => new { r.OrganizationId, r.PairingId });
    }
}

internal sealed class ContactLogMap : IEntityTypeConfiguration<ContactLog>
{
    public void Configure(EntityTypeBuilder<ContactLog> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.NotesCipher).HasMaxLength(4000);
        b.Ignore(c => c.Fact);
        b.HasOne<Pairing>().WithMany().HasForeignKey(c => c.PairingId);
        b.HasIndex(c => new { c.PairingId, c.AtUtc });
        b.HasIndex(c => new { c.ChildId, c.AtUtc });
    }
}

internal sealed class CadenceNoticeSentMap : IEntityTypeConfiguration<CadenceNoticeSent>
{
    public void Configure(EntityTypeBuilder<CadenceNoticeSent> b)
    {
        b.HasKey(n => n.Id);
        b.Property(n => n.Kind).HasMaxLength(16);
        b.Property(n => n.TargetKey).HasMaxLength(200);
        b.HasIndex(n => new { n.Kind, n.TargetKey, n.PeriodStart }).IsUnique();
    }
}
