using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Children;

// Ciphertext columns: "v1.{8-char key id}.{base64}" grows ~4/3 of the UTF-8 plaintext plus 40 characters.

internal sealed class ChildMap : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(50).IsRequired();
        b.Property(c => c.ClassName).HasMaxLength(50);
        b.Property(c => c.GuardianName).HasMaxLength(50);
        b.Property(c => c.GuardianRelation).HasMaxLength(20);
        b.Property(c => c.GuardianPhoneCipher).HasMaxLength(200);
        b.Property(c => c.GuardianPhoneHash).HasMaxLength(64);
        b.Property(c => c.GuardianAddressCipher).HasMaxLength(1000);
        b.Property(c => c.Personality).HasMaxLength(500);
        b.Property(c => c.Hobbies).HasMaxLength(500);
        b.Property(c => c.HealthNotesCipher).HasMaxLength(4000);
        b.Property(c => c.ConsentPolicyVersion).HasMaxLength(32);
        b.Ignore(c => c.Scopes);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId);
        b.HasMany(c => c.Parents).WithOne().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.OrganizationId, c.Status, c.ClassName });
        b.HasIndex(c => c.GuardianPhoneHash);
    }
}

internal sealed class ParentContactMap : IEntityTypeConfiguration<ParentContact>
{
    public void Configure(EntityTypeBuilder<ParentContact> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.PhoneCipher).HasMaxLength(200);
        b.Property(p => p.WorkCityCipher).HasMaxLength(400);
    }
}

internal sealed class GuardianConsentMap : IEntityTypeConfiguration<GuardianConsent>
{
    public void Configure(EntityTypeBuilder<GuardianConsent> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.GivenBy).HasMaxLength(50);
        b.Property(c => c.Relation).HasMaxLength(20);
        b.Property(c => c.PolicyVersion).HasMaxLength(32);
        b.Ignore(c => c.Scopes);
        b.HasOne<Child>().WithMany().HasForeignKey(c => c.ChildId);
        b.HasIndex(c => c.ChildId);
    }
}

internal sealed class ConsentWithdrawalMap : IEntityTypeConfiguration<ConsentWithdrawal>
{
    public void Configure(EntityTypeBuilder<ConsentWithdrawal> b)
    {
        b.HasKey(w => w.Id);
        b.HasIndex(w => w.ChildId);
    }
}

internal sealed class GuardianLinkMap : IEntityTypeConfiguration<GuardianLink>
{
    public void Configure(EntityTypeBuilder<GuardianLink> b)
    {
        b.HasKey(l => l.Id);
        b.HasIndex(l => new { l.ChildId, l.UserId }).IsUnique();
        b.HasIndex(l => l.UserId);
        b.HasOne<Child>().WithMany().HasForeignKey(l => l.ChildId);
        b.HasOne<User>().WithMany().HasForeignKey(l => l.UserId);
    }
}

internal sealed class ChildMentorMap : IEntityTypeConfiguration<ChildMentor>
{
    public void Configure(EntityTypeBuilder<ChildMentor> b)
    {
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.ChildId, m.MentorUserId }).IsUnique();
        b.HasIndex(m => m.MentorUserId);
        b.HasOne<Child>().WithMany().HasForeignKey(m => m.ChildId);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.MentorUserId);
    }
}

internal sealed class HealthNoteGrantMap : IEntityTypeConfiguration<HealthNoteGrant>
{
    public void Configure(EntityTypeBuilder<HealthNoteGrant> b)
    {
        b.HasKey(g => g.Id);
        b.HasIndex(g => new { g.OrganizationId, g.StaffUserId }).IsUnique();
    }
}

internal sealed class ChildReadAuditMap : IEntityTypeConfiguration<ChildReadAudit>
{
    public void Configure(EntityTypeBuilder<ChildReadAudit> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Relation).HasMaxLength(16);
        b.Property(a => a.Fields).HasMaxLength(500);
        b.Property(a => a.Purpose).HasMaxLength(64);
        b.HasIndex(a => new { a.ChildId, a.ReadAtUtc });
    }
}

internal sealed class GuardianInviteMap : IEntityTypeConfiguration<GuardianInvite>
{
    public void Configure(EntityTypeBuilder<GuardianInvite> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.CodeHash).HasMaxLength(64);
        b.HasIndex(i => i.CodeHash);
        b.HasOne<Child>().WithMany().HasForeignKey(i => i.ChildId);
    }
}

internal sealed class AttendanceRecordMap : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.ChildId, a.Date, a.Place }).IsUnique();
        b.HasIndex(a => new { a.OrganizationId, a.Date });
        b.HasOne<Child>().WithMany().HasForeignKey(a => a.ChildId);
    }
}

internal sealed class AttendanceCorrectionMap : IEntityTypeConfiguration<AttendanceCorrection>
{
    public void Configure(EntityTypeBuilder<AttendanceCorrection> b)
    {
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.RecordId);
        b.HasIndex(c => c.ChildId);
    }
}

internal sealed class ReportPreferenceMap : IEntityTypeConfiguration<ReportPreference>
{
    public void Configure(EntityTypeBuilder<ReportPreference> b)
    {
        b.HasKey(p => p.UserId);
        b.Property(p => p.WeeklyCardDay).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class WeeklyNoteMap : IEntityTypeConfiguration<WeeklyNote>
{
    public void Configure(EntityTypeBuilder<WeeklyNote> b)
    {
        b.HasKey(n => n.Id);
        b.Property(n => n.Note).HasMaxLength(200);
        b.HasIndex(n => new { n.ChildId, n.WeekOf }).IsUnique();
    }
}

internal sealed class ChildReportSentMap : IEntityTypeConfiguration<ChildReportSent>
{
    public void Configure(EntityTypeBuilder<ChildReportSent> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasMaxLength(32);
        b.HasIndex(r => new { r.Kind, r.ChildId, r.RecipientUserId, r.Period }).IsUnique();
    }
}
