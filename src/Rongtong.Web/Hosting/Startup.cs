using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Demo;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Policy;

namespace Rongtong.Web.Hosting;

/// <summary>
/// At start: apply migrations; on the embedded default (SQLite) seed the demo world into an empty
/// database. A PostgreSQL start seeds nothing and creates no default passwords.
/// </summary>
public static class Startup
{
    public static async Task PrepareDatabaseAsync(IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<StorageOptions>();
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        await StorageRegistration.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<PolicyCatalog>());
        var seed = config.GetValue("Demo:Seed", !storage.IsPostgres);
        if (seed && !await db.Organisations.AnyAsync())
        {
            logger.LogInformation("Seeding the demo world (organisations, accounts, synthetic registry)…");
            var handler = new SeedDemo.Handler(db, scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(),
                scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>(),
                scope.ServiceProvider.GetRequiredService<PolicyCatalog>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
            var message = await handler.Handle(new SeedDemo.Command(config.GetValue("Demo:Enterprises", 5000)));
            logger.LogInformation("{Message}", message);
        }
    }
}
