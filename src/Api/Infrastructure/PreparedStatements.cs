using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WechatCare.Api.Infrastructure;

/// <summary>
/// Server-side prepared statements on MariaDB for the queries tagged with <see cref="WechatCare.Domain.Data.Prepared.Tag"/>.
/// MariaDB spent most of a child read parsing and planning its scoped statement; a prepared statement is parsed once
/// per connection. MySqlConnector keeps a connection's prepared statements while it sits in the pool (the pool does
/// not reset connections, see <see cref="Database"/>), so only a few hot statements are tagged: each one costs a
/// server-side statement per pooled connection.
/// </summary>
public sealed class PreparedStatements : DbCommandInterceptor
{
    /// <summary>How EF starts the SQL of a query tagged with <see cref="WechatCare.Domain.Data.Prepared.Tag"/>.</summary>
    private const string TaggedPrefix = "-- " + WechatCare.Domain.Data.Prepared.Tag;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsTagged(command)) command.Prepare();
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        if (IsTagged(command)) await command.PrepareAsync(ct);
        return result;
    }

    private static bool IsTagged(DbCommand command) => command.CommandText.StartsWith(TaggedPrefix, StringComparison.Ordinal);
}
