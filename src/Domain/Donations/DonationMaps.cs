using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Donations;

internal sealed class DriveMap : IEntityTypeConfiguration<Drive>
{
    public void Configure(EntityTypeBuilder<Drive> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.Title).HasMaxLength(100).IsRequired();
        b.Property(d => d.Description).HasMaxLength(2000);
        b.Property(d => d.Designation).HasMaxLength(50);
        b.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId);
        // ActivityId: deliberately no foreign key (Activities is a separate feature); indexed for the budget view.
        b.HasIndex(d => d.ActivityId);
        b.HasIndex(d => new { d.OrganizationId, d.Status });
        b.HasIndex(d => new { d.Status, d.EndsAtUtc });
        b.HasMany(d => d.Items).WithOne().HasForeignKey(i => i.DriveId);
        b.Navigation(d => d.Items).AutoInclude();
    }
}

internal sealed class DriveItemMap : IEntityTypeConfiguration<DriveItem>
{
    public void Configure(EntityTypeBuilder<DriveItem> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.Name).HasMaxLength(100).IsRequired();
        b.Property(i => i.Unit).HasMaxLength(20);
        b.Property(i => i.Sizes).HasMaxLength(DriveItem.SizesMaxLength);
        b.Ignore(i => i.SizeList);
    }
}

internal sealed class PledgeMap : IEntityTypeConfiguration<Pledge>
{
    public void Configure(EntityTypeBuilder<Pledge> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.DonorName).HasMaxLength(64);
        b.Property(p => p.DistributedToClass).HasMaxLength(50);
        b.Ignore(p => p.PublicName);
        b.HasOne<Drive>().WithMany().HasForeignKey(p => p.DriveId);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.DonorUserId);
        b.HasIndex(p => new { p.DriveId, p.Status });
        b.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.PledgeId);
        b.Navigation(p => p.Lines).AutoInclude();
    }
}

internal sealed class PledgeLineMap : IEntityTypeConfiguration<PledgeLine>
{
    public void Configure(EntityTypeBuilder<PledgeLine> b)
    {
        b.HasKey(l => l.Id);
        b.Property(l => l.Size).HasMaxLength(20);
        b.HasOne<DriveItem>().WithMany().HasForeignKey(l => l.ItemId);
    }
}

internal sealed class LedgerEntryMap : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("DonationLedger");
        b.HasKey(e => e.Id);
        b.Property(e => e.Reason).HasMaxLength(100);
        b.HasOne<Drive>().WithMany().HasForeignKey(e => e.DriveId);
        b.HasIndex(e => new { e.DriveId, e.Account });
    }
}

internal sealed class ReceiptMap : IEntityTypeConfiguration<Receipt>
{
    public void Configure(EntityTypeBuilder<Receipt> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Number).HasMaxLength(20);
        b.Property(r => r.DonorName).HasMaxLength(64);
        b.Property(r => r.AmountInWords).HasMaxLength(100);
        b.Property(r => r.Designation).HasMaxLength(50);
        b.Property(r => r.VerificationCode).HasMaxLength(32);
        b.HasIndex(r => new { r.OrganizationId, r.Year, r.Sequence }).IsUnique();
        b.HasIndex(r => r.PledgeId).IsUnique();
        b.HasIndex(r => r.VerificationCode).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId);
        b.HasOne<Pledge>().WithMany().HasForeignKey(r => r.PledgeId);
    }
}

internal sealed class ReceiptCounterMap : IEntityTypeConfiguration<ReceiptCounter>
{
    public void Configure(EntityTypeBuilder<ReceiptCounter> b)
    {
        b.HasKey(c => new { c.OrganizationId, c.Year });
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId);
    }
}

internal sealed class BudgetLineMap : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> b)
    {
        b.HasKey(l => l.Id);
        b.Property(l => l.Category).HasMaxLength(50).IsRequired();
        b.Property(l => l.Note).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId);
        b.HasIndex(l => new { l.OrganizationId, l.ActivityId });
    }
}

internal sealed class ExpenseMap : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Category).HasMaxLength(50).IsRequired();
        b.Property(e => e.Note).HasMaxLength(500);
        b.Property(e => e.EvidenceRef).HasMaxLength(200);
        b.HasOne<Drive>().WithMany().HasForeignKey(e => e.DriveId);
        b.HasOne<BudgetLine>().WithMany().HasForeignKey(e => e.BudgetLineId);
        b.HasIndex(e => e.DriveId);
        // One reversal per expense, enforced by the database even under concurrency.
        b.HasIndex(e => e.ReversesExpenseId).IsUnique();
    }
}
