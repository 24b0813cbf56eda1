using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Activities;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityRole> ActivityRoles => Set<ActivityRole>();
    public DbSet<SignUp> SignUps => Set<SignUp>();
    public DbSet<ServiceCertificate> ServiceCertificates => Set<ServiceCertificate>();
}

/// <summary>The seat counter's statements: each one a single conditional UPDATE, safe under any concurrency.</summary>
public static class Seats
{
    /// <summary>Takes one seat if one is free (<c>UPDATE … SET Taken = Taken + 1 WHERE Taken &lt; Capacity</c>).</summary>
    public static async Task<bool> TryTakeSeatAsync(this CareDb db, Guid roleId, CancellationToken ct) =>
        await db.ActivityRoles
            .Where(r => r.Id == roleId && (r.Capacity == null || r.Taken < r.Capacity))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Taken, r => r.Taken + 1), ct) == 1;

    public static Task ReleaseSeatAsync(this CareDb db, Guid roleId, CancellationToken ct) =>
        db.ActivityRoles.Where(r => r.Id == roleId && r.Taken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Taken, r => r.Taken - 1), ct);

    /// <summary>The next arrival number on a role's waitlist. The UPDATE locks the role row until commit, so numbers never repeat.</summary>
    public static async Task<int> NextWaitlistNumberAsync(this CareDb db, Guid roleId, CancellationToken ct)
    {
        await db.ActivityRoles.Where(r => r.Id == roleId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.WaitlistIssued, r => r.WaitlistIssued + 1), ct);
        return await db.ActivityRoles.Where(r => r.Id == roleId).Select(r => r.WaitlistIssued).SingleAsync(ct);
    }

    /// <summary>Place in line among those still waiting (1 = next).</summary>
    public static Task<int> WaitlistPositionAsync(this CareDb db, Guid roleId, int number, CancellationToken ct) =>
        db.SignUps.CountAsync(s => s.RoleId == roleId && s.Status == SignUpStatus.Waitlisted && s.WaitlistNumber <= number, ct);

    /// <summary>
    /// Activities of the organisation the volunteer attended: checked in, and the activity has ended (or was imported
    /// from paper). Sign-ups, cancellations and no-shows do not count.
    /// </summary>
    public static Task<int> AttendedActivityCountAsync(this CareDb db, Guid volunteerId, Guid organizationId, DateTimeOffset now, CancellationToken ct)
    {
        var instant = now.UtcDateTime;
        return (from s in db.SignUps
                join a in db.Activities on s.ActivityId equals a.Id
                where s.VolunteerId == volunteerId && s.CheckedInAtUtc != null && a.OrganizationId == organizationId
                      && a.Status != ActivityStatus.Cancelled && a.EndsAtUtc <= instant
                select a.Id).Distinct().CountAsync(ct);
    }
}

internal sealed class ActivityMap : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.HasKey(a => a.Id);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId);
        b.Property(a => a.Title).HasMaxLength(100);
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.Location).HasMaxLength(200);
        b.Property(a => a.RequiredSkills).HasMaxLength(500);
        b.Property(a => a.ScheduleJson).HasMaxLength(4000);
        b.Property(a => a.CancelReason).HasMaxLength(500);
        b.Property(a => a.Series).HasMaxLength(50);
        b.HasMany(a => a.Roles).WithOne().HasForeignKey(r => r.ActivityId);
        b.Ignore(a => a.RequiredSkillList);
        b.Ignore(a => a.Schedule);
        b.HasIndex(a => new { a.Status, a.StartsAtUtc });
        b.HasIndex(a => new { a.OrganizationId, a.StartsAtUtc });
        b.HasIndex(a => new { a.OrganizationId, a.Series, a.StartsAtUtc });
    }
}

internal sealed class ActivityRoleMap : IEntityTypeConfiguration<ActivityRole>
{
    public void Configure(EntityTypeBuilder<ActivityRole> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Name).HasMaxLength(50);
    }
}

internal sealed class SignUpMap : IEntityTypeConfiguration<SignUp>
{
    public void Configure(EntityTypeBuilder<SignUp> b)
    {
        b.HasKey(s => s.Id);
        b.HasOne<Activity>().WithMany().HasForeignKey(s => s.ActivityId);
        b.HasOne<ActivityRole>().WithMany().HasForeignKey(s => s.RoleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.VolunteerId);
        // One sign-up per volunteer per activity, whatever the concurrency.
        b.HasIndex(s => new { s.ActivityId, s.VolunteerId }).IsUnique();
        b.HasIndex(s => new { s.RoleId, s.Status, s.WaitlistNumber });
        b.HasIndex(s => new { s.VolunteerId, s.Status });
        b.Ignore(s => s.HoldsSeat);
        b.Ignore(s => s.IsActive);
        b.Ignore(s => s.Hours);
    }
}

internal sealed class ServiceCertificateMap : IEntityTypeConfiguration<ServiceCertificate>
{
    public void Configure(EntityTypeBuilder<ServiceCertificate> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.VerificationCode).HasMaxLength(20);
        b.HasIndex(c => c.VerificationCode).IsUnique();
        b.Property(c => c.VolunteerName).HasMaxLength(50);
        b.Property(c => c.OrganizationName).HasMaxLength(100);
    }
}
