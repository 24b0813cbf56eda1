namespace WechatCare.Tests.Infrastructure;

/// <summary>
/// The real servers of the integration lane. `.ci/run` starts MariaDB and Redis and exports their addresses;
/// without them these tests are skipped with a visible reason, never passed silently.
/// </summary>
public static class TestServers
{
    /// <summary>e.g. <c>Server=127.0.0.1;Port=3306;User=care;Password=care;</c> (no database: each test makes its own).</summary>
    public static string? MariaDb => Environment.GetEnvironmentVariable("WECHATCARE_TEST_MYSQL") is { Length: > 0 } v ? v : null;

    /// <summary>e.g. <c>127.0.0.1:6379</c>.</summary>
    public static string? Redis => Environment.GetEnvironmentVariable("WECHATCARE_TEST_REDIS") is { Length: > 0 } v ? v : null;

    public static string RequireMariaDb() =>
        MariaDb ?? throw SkipException("WECHATCARE_TEST_MYSQL is not set: MariaDB lane skipped (run .ci/run to start MariaDB)");

    public static string RequireRedis() =>
        Redis ?? throw SkipException("WECHATCARE_TEST_REDIS is not set: Redis lane skipped (run .ci/run to start Redis)");

    private static Exception SkipException(string reason)
    {
        Assert.Skip(reason);
        return new InvalidOperationException(reason); // unreachable: Assert.Skip throws
    }
}

/// <summary>The database engines every persistence scenario runs on.</summary>
public enum Engine { Sqlite, MariaDb }
