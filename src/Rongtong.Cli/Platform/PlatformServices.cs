using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Policy;

namespace Rongtong.Cli;

/// <summary>
/// <c>--provider</c> and <c>--connection</c>, shared by every command that works on the platform's database.
/// Without them the configuration is read as the web host reads it: <c>Database__Provider</c>,
/// <c>ConnectionStrings__Rongtong</c>, <c>Storage__DataFolder</c> from the environment, else the embedded
/// SQLite file <c>data/rongtong.db</c> under the current folder.
/// </summary>
internal sealed class DatabaseOptions
{
    public Option<string?> Provider { get; } = new("--provider") { Description = "Sqlite or Postgres; default Database__Provider, else Sqlite" };

    public Option<string?> Connection { get; } = new("--connection") { Description = "Connection string; default ConnectionStrings__Rongtong, else data/rongtong.db under the current folder" };

    public Command AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Connection);
        return command;
    }

    public IConfiguration Configuration(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Provider) is { Length: > 0 } p)
        {
            overrides["Database:Provider"] = p;
        }

        if (parse.GetValue(Connection) is { Length: > 0 } c)
        {
            overrides["ConnectionStrings:Rongtong"] = c;
        }

        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
    }
}

/// <summary>
/// The one place the CLI composes the platform's services (the web host's Program.cs is the other host):
/// storage, Identity with roles on the same stores, the shared data-protection key ring, the policy
/// catalog and the clock.
/// </summary>
internal sealed class PlatformServices : IAsyncDisposable
{
    private readonly ServiceProvider _root;

    private PlatformServices(ServiceProvider root, AsyncServiceScope scope, StorageOptions storage)
    {
        _root = root;
        Scope = scope;
        Storage = storage;
    }

    public AsyncServiceScope Scope { get; }

    public StorageOptions Storage { get; }

    public AppDbContext Db => Scope.ServiceProvider.GetRequiredService<AppDbContext>();

    public PolicyCatalog Catalog => Scope.ServiceProvider.GetRequiredService<PolicyCatalog>();

    public T Get<T>()
        where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Builds the services for one command; <paramref name="requireMigrated"/> refuses a database with pending migrations.</summary>
    public static async Task<PlatformServices> OpenAsync(ParseResult parse, DatabaseOptions options, TimeProvider clock, bool requireMigrated = true, CancellationToken ct = default)
    {
        var configuration = options.Configuration(parse);
        StorageOptions storage;
        try
        {
            storage = StorageOptions.From(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message.Replace("Database:Provider", "--provider (Database__Provider)", StringComparison.Ordinal)
                .Replace("ConnectionStrings:Rongtong", "--connection (ConnectionStrings__Rongtong)", StringComparison.Ordinal));
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSingleton(_ => CliSupport.Catalog);
        services.AddRongtongStorage(storage);
        services.AddRongtongDataProtection(configuration);
        services.AddIdentityCore<AppUser>(o => o.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        var root = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var platform = new PlatformServices(root, root.CreateAsyncScope(), storage);
        platform.Db.Clock = clock;
        if (requireMigrated)
        {
            try
            {
                var pending = (await platform.Db.Database.GetPendingMigrationsAsync(ct)).Count();
                if (pending > 0)
                {
                    throw new UsageException($"the database ({storage.Provider}) has {pending} pending migration(s); run 'rongtong db migrate' first");
                }
            }
            catch
            {
                await platform.DisposeAsync();
                throw;
            }
        }

        platform._chainOnDispose = requireMigrated;
        return platform;
    }

    private bool _chainOnDispose;

    /// <summary>Chains the audit entries the command wrote (the web host does this continuously), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_chainOnDispose)
        {
            await AuditChainer.ChainAsync(Db);
        }

        await Scope.DisposeAsync();
        await _root.DisposeAsync();
    }
}
