using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// Bulk writes for imports and batch jobs, through each provider's fast path: PostgreSQL binary COPY,
/// SQLite prepared statements in one transaction. Rows are derived data or feed data; the job that
/// writes them records one audit entry for the whole run.
/// </summary>
public static class Bulk
{
    /// <summary>Inserts <paramref name="rows"/> (values in <paramref name="columns"/> order) inside the current transaction.</summary>
    public static async Task InsertAsync(AppDbContext db, string table, string[] columns, IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var quoted = string.Join(",", columns.Select(c => $"\"{c}\""));
        if (db.IsPostgres)
        {
            await using var w = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY \"{table}\" ({quoted}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await w.StartRowAsync(ct);
                foreach (var value in row)
                {
                    if (value is null)
                    {
                        await w.WriteNullAsync(ct);
                    }
                    else
                    {
                        await w.WriteAsync(value, ct);
                    }
                }
            }

            await w.CompleteAsync(ct);
            return;
        }

        await using var cmd = Command(db, $"INSERT INTO \"{table}\" ({quoted}) VALUES ({string.Join(",", columns.Select((_, i) => $"$p{i}"))})",
            [.. columns.Select((_, i) => $"$p{i}")]);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                cmd.Parameters[i].Value = SqliteValue(row[i]);
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Runs one parameterised statement per row (updates), inside the current transaction.</summary>
    public static async Task ExecuteEachAsync(AppDbContext db, string sql, int parameters, IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var prefix = db.IsPostgres ? "@" : "$";
        var names = Enumerable.Range(0, parameters).Select(i => $"{prefix}p{i}").ToArray();
        await using var cmd = Command(db, db.IsPostgres ? sql.Replace("$p", "@p", StringComparison.Ordinal) : sql, names);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                cmd.Parameters[i].Value = db.IsPostgres ? row[i] ?? DBNull.Value : SqliteValue(row[i]);
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString().ToUpperInvariant(), // EF Core's SQLite mapping of Guid
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static DbCommand Command(AppDbContext db, string sql, string[] names)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }
}
