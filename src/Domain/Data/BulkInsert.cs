using System.Runtime.CompilerServices;
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
        var plan = Plans<T>.For(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);   // counted by EF: stays open if a transaction holds it
        try
        {
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var text = new StringBuilder(plan.Header, plan.Header.Length + chunk.Length * plan.Columns.Length * 8);
                var n = 0;
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < plan.Columns.Length; c++)
                    {
                        var name = "@p" + n++;
                        text.Append(c == 0 ? name : ", " + name);
                        var column = plan.Columns[c];
                        // The type mapping applies the model's converters (enums by name, UTC instants, Guid format).
                        command.Parameters.Add(column.Mapping.CreateParameter(command, name, column.Getter.GetClrValue(chunk[r]), column.Nullable));
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

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);

    private sealed record Plan(string Header, Column[] Columns);

    /// <summary>
    /// The INSERT header and column accessors of one entity type, per EF model (SQLite and MariaDB contexts share a test
    /// process). Reading them from the model on every call was about a tenth of the audit group commit's host CPU.
    /// </summary>
    private static class Plans<T>
    {
        private static readonly ConditionalWeakTable<IModel, Plan> ByModel = new();

        public static Plan For(CareDb db) => ByModel.GetValue(db.Model, _ =>
        {
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
            var sql = db.GetService<ISqlGenerationHelper>();
            var header = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
                         $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
            return new Plan(header, columns.Select(c => new Column(c.GetGetter(), c.GetRelationalTypeMapping(), c.IsNullable)).ToArray());
        });
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
