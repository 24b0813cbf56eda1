using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace WechatCare.Domain.Data;

/// <summary>
/// Inserts many rows of one entity type as multi-row INSERT statements, bypassing the change tracker: a notice to
/// 10,000 parents writes 30,000 rows, which through SaveChanges costs seconds and hundreds of MiB of tracked entities.
/// Columns, names and value conversions come from the EF model, so the rows are exactly what SaveChanges would write.
/// Runs in the context's current transaction when there is one (callers wrap it with their other writes).
/// </summary>
public static class BulkInsert
{
    /// <summary>Rows per statement: keeps the parameter count far below SQLite's and MySQL's limits.</summary>
    public const int RowsPerStatement = 500;

    public static async Task InsertAllAsync<T>(this CareDb db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var header = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);   // counted by EF: stays open if a transaction holds it
        try
        {
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var text = new StringBuilder(header);
                var n = 0;
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var name = "@p" + n++;
                        text.Append(c == 0 ? name : ", " + name);
                        var column = columns[c];
                        // The type mapping applies the model's converters (enums by name, UTC instants, Guid format).
                        command.Parameters.Add(column.GetRelationalTypeMapping().CreateParameter(command, name,
                            column.GetGetter().GetClrValue(chunk[r]), column.IsNullable));
                    }
                    text.Append(')');
                }
                command.CommandText = text.ToString();
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public static class DbErrors
{
    /// <summary>A unique index refused the row (SQLite's unique/primary key constraint, MySQL/MariaDB 1062), from EF or a bulk insert.</summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,   // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        MySqlConnector.MySqlException mysql => mysql.ErrorCode == MySqlConnector.MySqlErrorCode.DuplicateKeyEntry,
        _ => false,
    };
}
