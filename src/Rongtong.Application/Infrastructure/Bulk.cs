using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Rongtong.Application.Data;
using SQLitePCL;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// Bulk writes for imports and batch jobs, through each provider's fast path: PostgreSQL binary COPY,
/// SQLite multi-row prepared statements in one transaction. Rows are derived data or feed data; the job that
/// writes them records one audit entry for the whole run.
/// </summary>
public static class Bulk
{
    /// <summary>Parameters per multi-row SQLite <c>INSERT</c> (bound by position; SQLite allows 32,766).</summary>
    private const int SqliteParametersPerStatement = 1400;

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
            // Binary COPY with each column's type given once (from the first non-null value), written
            // synchronously into Npgsql's buffer: no per-value type inference, no awaited call per value.
            var types = new NpgsqlDbType[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                types[i] = PostgresType(rows.Select(r => r[i]).FirstOrDefault(v => v is not null));
            }

            await using var w = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY \"{table}\" ({quoted}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                w.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    Write(w, row[i], types[i]);
                }
            }

            await w.CompleteAsync(ct);
            return;
        }

        // SQLite: multi-row INSERT statements (about 1,400 parameters each, the rest in one shorter statement),
        // prepared once on the connection's handle and bound by position. (Microsoft.Data.Sqlite binds by name,
        // and SQLite finds a name by a linear search: with many parameters that search was most of the time.)
        var handle = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("the connection is not open");
        var per = Math.Max(1, SqliteParametersPerStatement / columns.Length);
        sqlite3_stmt? full = null, rest = null;
        try
        {
            var batch = new List<object?[]>(per);
            foreach (var row in rows)
            {
                batch.Add(row);
                if (batch.Count == per)
                {
                    ct.ThrowIfCancellationRequested();
                    full ??= Prepare(handle, InsertSql(table, quoted, columns.Length, per));
                    Execute(handle, full, batch);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                rest = Prepare(handle, InsertSql(table, quoted, columns.Length, batch.Count));
                Execute(handle, rest, batch);
            }
        }
        finally
        {
            full?.Dispose();
            rest?.Dispose();
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 handle, string sql)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var stmt));
        return stmt;
    }

    private static void Execute(sqlite3 handle, sqlite3_stmt stmt, List<object?[]> batch)
    {
        var k = 1;
        foreach (var row in batch)
        {
            foreach (var value in row)
            {
                Check(handle, BindSqlite(stmt, k++, value));
            }
        }

        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        if (rc != raw.SQLITE_DONE)
        {
            Check(handle, rc);
        }
    }

    /// <summary>Binds as Microsoft.Data.Sqlite (and so EF Core) would store the value.</summary>
    private static int BindSqlite(sqlite3_stmt stmt, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(stmt, index),
        string s => raw.sqlite3_bind_text(stmt, index, s),
        long l => raw.sqlite3_bind_int64(stmt, index, l),
        int i => raw.sqlite3_bind_int64(stmt, index, i),
        bool b => raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(stmt, index, d),
        Guid or DateOnly => raw.sqlite3_bind_text(stmt, index, (string)SqliteValue(value)),
        DateTimeOffset t => raw.sqlite3_bind_text(stmt, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"bulk insert of {value.GetType()}"),
    };

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(handle));
        }
    }

    private static string InsertSql(string table, string quoted, int columns, int rows)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO \"{table}\" ({quoted}) VALUES ");
        var one = "(" + string.Join(",", Enumerable.Repeat("?", columns)) + ")";
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "" : ",").Append(one);
        }

        return sql.ToString();
    }

    private static NpgsqlDbType PostgresType(object? sample) => sample switch
    {
        null or string => NpgsqlDbType.Text,
        long => NpgsqlDbType.Bigint,
        int => NpgsqlDbType.Integer,
        bool => NpgsqlDbType.Boolean,
        Guid => NpgsqlDbType.Uuid,
        DateTimeOffset => NpgsqlDbType.TimestampTz,
        DateOnly => NpgsqlDbType.Date,
        _ => throw new NotSupportedException($"bulk insert of {sample.GetType()}"),
    };

    private static void Write(NpgsqlBinaryImporter w, object? value, NpgsqlDbType type)
    {
        switch (value)
        {
            case null: w.WriteNull(); break;
            case string s: w.Write(s, type); break;
            case long l: w.Write(l, type); break;
            case int i: w.Write(i, type); break;
            case bool b: w.Write(b, type); break;
            case Guid g: w.Write(g, type); break;
            case DateTimeOffset t: w.Write(t, type); break;
            case DateOnly d: w.Write(d, type); break;
            default: w.Write(value, type); break;
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

            if (db.IsPostgres)
            {
                await cmd.ExecuteNonQueryAsync(ct);
            }
            else
            {
                cmd.ExecuteNonQuery();
            }
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
