using System.Collections.Concurrent;
using System.Threading.Channels;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Platform;
using Rongtong.Application.Features.Registry;
using Rongtong.Domain.Policy;

namespace Rongtong.Web.Hosting;

/// <summary>An uploaded feed waiting to be imported: the file is already on disk, so nothing acknowledged is lost.</summary>
public sealed record ImportJob(Guid Id, ImportRegistry.Feed Kind, string FileName, string Path, Viewer Viewer);

/// <summary>
/// Runs imports in the background one at a time, so an upload returns at once with the import's id and
/// the page polls its progress; after each import the determinations of the business date are re-run.
/// </summary>
public sealed class ImportJobs(IServiceProvider services, ILogger<ImportJobs> logger) : BackgroundService
{
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<ImportBatch>> _done = new();

    public async Task<Guid> EnqueueAsync(ImportJob job)
    {
        _done[job.Id] = new TaskCompletionSource<ImportBatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(job);
        return job.Id;
    }

    /// <summary>Waits for an import to finish (tests and the CLI-like synchronous API option).</summary>
    public Task<ImportBatch>? Completion(Guid id) => _done.TryGetValue(id, out var t) ? t.Task : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Viewer = job.Viewer;
                var catalog = scope.ServiceProvider.GetRequiredService<PolicyCatalog>();
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                ImportBatch batch;
                await using (var file = File.OpenRead(job.Path))
                {
                    batch = await new ImportRegistry.Handler(db, catalog, clock)
                        .Handle(new ImportRegistry.Command(job.Kind, job.FileName, file, file.Length), job.Id, stoppingToken);
                }

                if (batch.Status == "done")
                {
                    try
                    {
                        var asOf = await SetBusinessDate.CurrentAsync(db, clock, stoppingToken);
                        await new DetermineEnterprises.Handler(db, catalog, clock).Handle(new DetermineEnterprises.Command(asOf), null, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The import is stored and stands; only the determination after it failed, and it can be re-run.
                        logger.LogError(e, "determination after import {Id} failed; the import stands — re-run the determination", job.Id);
                    }
                }

                _done[job.Id].TrySetResult(batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "import {Id} failed", job.Id);
                _done[job.Id].TrySetException(e);
            }
            finally
            {
                File.Delete(job.Path);
            }
        }
    }
}
