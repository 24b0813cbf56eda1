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

/// <summary>Of a batch of sign-ups for one role: how many got a seat, the first waitlist number handed out, and how many were waiting before.</summary>
public sealed record SeatGrant(int Seats, int FirstWaitlistNumber, int WaitingBefore);

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

    /// <summary>
    /// For sign-ups arriving together (<paramref name="arrivals"/>: how many per role): per role, takes the seats still
    /// free and hands the rest consecutive waitlist numbers. The first UPDATE locks every role row involved until commit
    /// (SQLite write transactions are already exclusive), so the counts read next are current, also under MariaDB's
    /// repeatable read (its snapshot is taken by that first read, after the locks). The seats are then taken by a
    /// conditional UPDATE that can never push <c>Taken</c> past <c>Capacity</c>.
    /// </summary>
    public static async Task<Dictionary<Guid, SeatGrant>> TakeSeatsAsync(this CareDb db, IReadOnlyDictionary<Guid, int> arrivals, CancellationToken ct)
    {
        var roleIds = arrivals.Keys.ToList();
        await db.ActivityRoles.Where(r => roleIds.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Taken, r => r.Taken), ct);
        var roles = await db.ActivityRoles.Where(r => roleIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Taken, r.Capacity, r.WaitlistIssued, Waiting = db.SignUps.Count(s => s.RoleId == r.Id && s.Status == SignUpStatus.Waitlisted) })
            .ToListAsync(ct);
        var grants = new Dictionary<Guid, SeatGrant>();
        foreach (var role in roles)
        {
            var count = arrivals[role.Id];
            var seats = role.Capacity is { } capacity ? Math.Clamp(capacity - role.Taken, 0, count) : count;
            var updated = await db.ActivityRoles
                .Where(r => r.Id == role.Id && (r.Capacity == null || r.Taken + seats <= r.Capacity))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Taken, r => r.Taken + seats)
                    .SetProperty(r => r.WaitlistIssued, r => r.WaitlistIssued + (count - seats)), ct);
            if (updated != 1) throw new InvalidOperationException("A role's seat count changed while its row was locked.");
            grants[role.Id] = new SeatGrant(seats, role.WaitlistIssued + 1, role.Waiting);
        }
        return grants;
    }

    /// <summary>
    /// Per volunteer, the activities of the organisation they attended: checked in, and the activity has ended (or was
    /// imported from paper). Sign-ups, cancellations and no-shows do not count: a sign-up cancelled after an early check-in
    /// (the code is accepted from an hour before the start) still carries that check-in. Volunteers with none are absent.
    /// </summary>
    public static async Task<Dictionary<Guid, int>> AttendedActivityCountsAsync(this CareDb db, IReadOnlyCollection<Guid> volunteerIds,
        Guid organizationId, DateTimeOffset now, CancellationToken ct)
    {
        var instant = now.UtcDateTime;
        var attended = await (from s in db.SignUps
                              join a in db.Activities on s.ActivityId equals a.Id
                              where volunteerIds.Contains(s.VolunteerId) && s.Status == SignUpStatus.Confirmed && s.CheckedInAtUtc != null
                                    && a.OrganizationId == organizationId
                                    && a.Status != ActivityStatus.Cancelled && a.EndsAtUtc <= instant
                              select new { s.VolunteerId, ActivityId = a.Id }).Distinct().ToListAsync(ct);
        return attended.GroupBy(x => x.VolunteerId).ToDictionary(g => g.Key, g => g.Count());
    }
}

/// <summary>
/// A sign-up's status changes only from the status it was read in (<c>UPDATE … SET Status = @new WHERE Id = @id AND
/// Status = @read</c>): of two requests that read the same state (a claim and the offer-expiry job, a cancellation and a
/// rejection), exactly one moves it, and only that one may change the seat counter. Call it in the transaction that
/// changes the counter, after the entity has taken its new status and before SaveChanges writes the rest of the row.
/// </summary>
public static class SignUpChanges
{
    public static async Task<bool> TryChangeStatusAsync(this CareDb db, SignUp signUp, SignUpStatus read, CancellationToken ct)
    {
        var status = signUp.Status;
        return await db.SignUps.Where(s => s.Id == signUp.Id && s.Status == read)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status), ct) == 1;
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
