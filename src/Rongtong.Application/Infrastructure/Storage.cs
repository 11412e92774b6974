using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Application.Data;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Infrastructure;

/// <summary>The database the platform runs on: SQLite (embedded default) or PostgreSQL, chosen by configuration.</summary>
public sealed record StorageOptions(string Provider, string ConnectionString)
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The PostgreSQL connection string with our defaults where it leaves them unset: Npgsql prepares the
    /// statements a connection runs repeatedly (<c>Max Auto Prepare</c>), so the server parses and plans each
    /// query once per connection instead of on every request, and skips the state reset when a connection goes
    /// back to the pool (the platform sets no session state).
    /// </summary>
    public string PostgresConnectionString()
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        if (b.MaxAutoPrepare == 0 && !ConnectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            b.MaxAutoPrepare = 128;
        }

        if (!ConnectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            b.NoResetOnClose = true;
        }

        return b.ConnectionString;
    }

    /// <summary>
    /// <c>Database:Provider</c> (<c>Sqlite</c> by default) and <c>ConnectionStrings:Rongtong</c>; the SQLite
    /// default is <c>rongtong.db</c> in <c>Storage:DataFolder</c> (default <c>./data</c>).
    /// </summary>
    public static StorageOptions From(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] is { Length: > 0 } p ? p : Sqlite;
        if (!string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider must be '{Sqlite}' or '{Postgres}', not '{provider}'");
        }

        var connection = configuration.GetConnectionString("Rongtong");
        if (string.IsNullOrEmpty(connection))
        {
            if (string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("ConnectionStrings:Rongtong is required for PostgreSQL");
            }

            var folder = configuration["Storage:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(Directory.GetCurrentDirectory(), "data");
            Directory.CreateDirectory(folder);
            connection = $"Data Source={Path.Combine(folder, "rongtong.db")}";
        }

        return new StorageOptions(provider, connection);
    }
}

public static class StorageRegistration
{
    public static IServiceCollection AddRongtongStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        if (options.IsPostgres)
        {
            // Pooled: a request leases a ready context instead of building one (see AppDbContext.ForScope).
            services.AddDbContextPool<PostgresAppDbContext>(o => o.UseNpgsql(options.PostgresConnectionString(), n => n.MigrationsHistoryTable("__ef_migrations")));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>().ForScope(null, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }
        else
        {
            services.AddDbContextPool<SqliteAppDbContext>(o => o.UseSqlite(options.ConnectionString, s => s.MigrationsHistoryTable("__ef_migrations")).AddInterceptors(SqlitePragmas.Instance));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>().ForScope(null, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        return services;
    }

    /// <summary>A context outside DI (CLI, tests, benchmarks).</summary>
    public static AppDbContext CreateContext(StorageOptions options)
    {
        if (options.IsPostgres)
        {
            var b = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(options.PostgresConnectionString(), n => n.MigrationsHistoryTable("__ef_migrations"));
            return new PostgresAppDbContext(b.Options);
        }

        var s = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(options.ConnectionString, o => o.MigrationsHistoryTable("__ef_migrations"))
            .AddInterceptors(SqlitePragmas.Instance);
        return new SqliteAppDbContext(s.Options);
    }

    /// <summary>
    /// Applies pending migrations; on SQLite also turns on WAL so readers never block the writer. Then, before anything
    /// is served, rebuilds the guarantors' books when live guarantees have no borrower's part of a book: a database
    /// migrated to <c>LiabilityBook</c> (which changed what the books count), or one whose start died before that
    /// rebuild committed (<see cref="Features.Guarantees.RebuildGuarantorBooks"/>).
    /// </summary>
    public static async Task MigrateAsync(AppDbContext db, PolicyCatalog catalog, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        if (!await db.GuarantorBorrowerBooks.AnyAsync(ct) && await db.Guarantees.IgnoreQueryFilters().AnyAsync(g => Features.Guarantees.GuaranteeSupport.Live.Contains(g.Status), ct))
        {
            await new Features.Guarantees.RebuildGuarantorBooks.Handler(db, catalog).Handle(ct);
        }
    }
}

/// <summary>
/// Per-connection SQLite settings, run each time EF opens a connection: <c>synchronous=NORMAL</c> (safe under
/// WAL: a power cut can lose the last commits, never corrupt the file), a 64 MB page cache (the default 2 MB
/// misses on the 1M-row indexes) and temporary tables and sort spills in memory. Imports raise the cache
/// further on their own connection (<see cref="BulkCacheSql"/>).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";

    /// <summary>A 512 MB page cache for one bulk job (allocated only as pages are read).</summary>
    public const string BulkCacheSql = "PRAGMA cache_size=-524288;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context SqliteAppDbContext</c>.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable("__ef_migrations")).Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context PostgresAppDbContext</c>.</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable("__ef_migrations")).Options);
}
