using Rongtong.Application.Data;
using Rongtong.Application.Features.Credit;
using Rongtong.Application.Features.Platform;

namespace Rongtong.Web.Hosting;

/// <summary>
/// Runs the response clock and the batch push on a schedule (二(二) "批量化"): every <c>Credit:PushIntervalMinutes</c>
/// (default 60; 0 turns it off), as the system, on the business date.
/// </summary>
public sealed class CreditSchedule(IServiceProvider services, IConfiguration configuration, ILogger<CreditSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Credit:PushIntervalMinutes", 60);
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                db.Viewer = Viewer.System(await SetBusinessDate.CurrentAsync(db, clock, stoppingToken));
                var escalated = await scope.ServiceProvider.GetRequiredService<EscalateOverdue.Handler>().Handle(stoppingToken);
                var pushed = await scope.ServiceProvider.GetRequiredService<RunPush.Handler>().Handle(stoppingToken);
                logger.LogInformation("credit schedule: {Escalated} escalated, {Pushes} pushes to {Reached} demands", escalated.Escalated, pushed.Pushes, pushed.Reached);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "credit schedule failed");
            }
        }
    }
}
