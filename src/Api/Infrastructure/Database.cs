using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;

namespace WechatCare.Api.Infrastructure;

public static class Database
{
    /// <summary>MariaDB 10.11 is what CI and production run; fixed so no connection is needed to build the model.</summary>
    public static readonly ServerVersion MySqlServerVersion = new MariaDbServerVersion(new Version(10, 11, 0));

    /// <summary>
    /// Registers <see cref="CareDb"/> on SQLite (embedded default) or MySQL/MariaDB (<c>Database:Provider=MySql</c>).
    /// Each provider has its own context type so each keeps its own migration set. Contexts are pooled: building the
    /// options and a fresh context for every request was about a sixth of an authenticated read's CPU.
    /// </summary>
    public static IServiceCollection AddCareDatabase(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("Care") ?? "Data Source=wechatcare.db";
        services.AddSingleton<OutboxWakeUp>();
        if (IsMySql(config))
        {
            connectionString = WithoutConnectionReset(connectionString);
            services.AddDbContextPool<MySqlCareDb>((sp, o) => o.UseMySql(connectionString, MySqlServerVersion, my =>
            {
                my.EnableRetryOnFailure(3);
                my.TranslateParameterizedCollectionsToConstants();
            }).AddInterceptors(new PreparedStatements(), sp.GetRequiredService<OutboxWakeUp>()));
            services.AddScoped<CareDb>(sp => sp.GetRequiredService<MySqlCareDb>());
        }
        else
        {
            services.AddDbContextPool<SqliteCareDb>((sp, o) => o.UseSqlite(connectionString, sqlite => sqlite.TranslateParameterizedCollectionsToConstants())
                .AddInterceptors(sp.GetRequiredService<OutboxWakeUp>()));
            services.AddScoped<CareDb>(sp => sp.GetRequiredService<SqliteCareDb>());
        }
        return services;
    }

    /// <summary>
    /// MySqlConnector resets a pooled connection (and re-sends <c>SET NAMES</c>) before every query EF runs outside a
    /// transaction: two extra server commands per query. Nothing here leaves session state behind (no session
    /// variables, locks or temporary tables; every transaction sets its isolation level), so the reset is switched off
    /// unless the connection string asks for it. Keep it that way.
    /// </summary>
    private static string WithoutConnectionReset(string connectionString)
    {
        var builder = new MySqlConnector.MySqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Connection Reset")) builder.ConnectionReset = false;
        if (!builder.ContainsKey("Ignore Prepare")) builder.IgnorePrepare = false;   // see PreparedStatements
        return builder.ConnectionString;
    }

    public static bool IsMySql(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "MySql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies pending migrations. On SQLite it also turns on WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareDb>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
