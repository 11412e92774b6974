using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rongtong.Application.Data;

namespace Rongtong.Web.Hosting;

/// <summary><c>/healthz</c>: healthy when the database answers.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
}
