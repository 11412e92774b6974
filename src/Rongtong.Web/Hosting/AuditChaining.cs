using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;

namespace Rongtong.Web.Hosting;

/// <summary>Chains committed audit entries about once a second (<see cref="AuditChainer"/>), so writers never wait for the chain.</summary>
public sealed class AuditChaining(IServiceProvider services, ILogger<AuditChaining> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await AuditChainer.ChainAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "audit chaining failed; it retries in a second");
            }
        }
    }
}
