using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Platform;

/// <summary>
/// 营业日期: the regulator sets the business date every workflow uses (P0); the wall clock only stamps
/// the audit log. Until one is set it is today in China Standard Time.
/// </summary>
public static class SetBusinessDate
{
    public sealed record Command(DateOnly BusinessDate);

    /// <summary>How long a read of the stored date is reused. A change made through this process is seen at once; one made by another process within this time.</summary>
    public const int CacheMilliseconds = 1000;

    // Per database (connection string): the stored date (null: none set) and when it was read (Environment.TickCount64).
    private static readonly ConcurrentDictionary<string, (DateOnly? Date, long ReadAt)> Stored = new(StringComparer.Ordinal);

    /// <summary>
    /// The business date: the one the regulator set, else today in China Standard Time. Every request asks,
    /// so the stored value is reused for up to <see cref="CacheMilliseconds"/> instead of a query each time.
    /// </summary>
    public static async Task<DateOnly> CurrentAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (!Stored.TryGetValue(key, out var stored) || Environment.TickCount64 - stored.ReadAt > CacheMilliseconds)
        {
            var readAt = Environment.TickCount64;
            var setting = await db.BusinessDates.AsNoTracking().FirstOrDefaultAsync(ct);
            stored = (setting?.BusinessDate, readAt);
            Stored[key] = stored;
        }

        return stored.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
    }

    /// <summary>Forgets the reused value (after a change, or a database restored under the same connection string).</summary>
    public static void Forget(AppDbContext db) => Stored.TryRemove(db.Database.GetConnectionString() ?? "", out _);

    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<DateOnly> Handle(Command command, CancellationToken ct = default)
        {
            if (db.Viewer.Kind is not (null or OrganisationKind.Regulator))
            {
                throw new DomainException("FORBIDDEN", "only the regulator sets the business date");
            }

            var setting = await db.BusinessDates.FirstOrDefaultAsync(ct);
            if (setting is null)
            {
                setting = new BusinessDateSetting { Id = 1 };
                db.BusinessDates.Add(setting);
            }

            setting.BusinessDate = command.BusinessDate;
            setting.SetBy = db.Viewer.UserId;
            setting.SetAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            Forget(db);
            return setting.BusinessDate;
        }
    }
}
