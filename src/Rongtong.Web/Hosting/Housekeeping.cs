using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;

namespace Rongtong.Web.Hosting;

/// <summary>
/// Every <c>Housekeeping:Seconds</c> (default 1): chains committed audit entries (<see cref="AuditChainer"/>) —
/// work taken off the write path so writers never wait for it. Reading or verifying the audit log chains first,
/// so nobody sees the gap.
/// </summary>
public sealed class Housekeeping(IServiceProvider services, IConfiguration configuration, ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Housekeeping:Seconds", 1.0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds > 0 ? seconds : 1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await AuditChainer.ChainAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "audit chaining failed; it runs again at the next tick");
            }
        }
    }
}
