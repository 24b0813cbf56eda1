using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WechatCare.Domain.Identity;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Data;

/// <summary>
/// The one database context. Each feature adds its sets in a <c>partial</c> file next to its entities and its
/// mapping as an <see cref="IEntityTypeConfiguration{TEntity}"/>, so features do not edit each other's files.
/// Two subclasses (<see cref="SqliteCareDb"/>, <see cref="MySqlCareDb"/>) exist only to keep one migration set per provider.
/// </summary>
public abstract partial class CareDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public bool IsMySql => Database.ProviderName?.Contains("MySql", StringComparison.Ordinal) == true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CareDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Instants are stored as UTC DateTime (SQLite cannot order DateTimeOffset); read them back as UTC.
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();
        conventions.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
        // Enums are stored by name: readable in a dump and safe against reordering.
        foreach (var enumType in typeof(CareDb).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic))
            conventions.Properties(enumType).HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

    /// <summary>Runs <paramref name="work"/> in one transaction, retried as a whole by the provider's execution strategy.</summary>
    public Task<T> InTransaction<T>(Func<Task<T>> work, CancellationToken ct) =>
        Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await Database.BeginTransactionAsync(ct);
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        });
}

public sealed class SqliteCareDb(DbContextOptions<SqliteCareDb> options) : CareDb(options);

public sealed class MySqlCareDb(DbContextOptions<MySqlCareDb> options) : CareDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // MySQL server defaults may be latin1: every table is utf8mb4 so Chinese and emoji survive.
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_unicode_ci");
    }
}
