using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// A small fact read from the database on nearly every request (the business date, the 4222 re-guarantors),
/// kept per database for <paramref name="milliseconds"/>. A change made through this process calls
/// <see cref="Forget"/> and is seen at once; one made by another process is seen within that time.
/// </summary>
public sealed class ShortCache<T>(int milliseconds)
{
    // Per database (connection string): the value, when it was read (Environment.TickCount64, monotonic) and the
    // generation it was read in. Forget starts a new generation, so a read that began before it never counts after it.
    private readonly ConcurrentDictionary<string, (T Value, long ReadAt, long Generation)> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(AppDbContext db, Func<CancellationToken, Task<T>> read, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        var generation = _generations.GetValueOrDefault(key);
        if (_values.TryGetValue(key, out var kept) && kept.Generation == generation && Environment.TickCount64 - kept.ReadAt <= milliseconds)
        {
            return kept.Value;
        }

        var readAt = Environment.TickCount64;
        var value = await read(ct);
        _values[key] = (value, readAt, generation);
        return value;
    }

    public void Forget(AppDbContext db)
    {
        var key = db.Database.GetConnectionString() ?? "";
        _generations.AddOrUpdate(key, 1, (_, g) => g + 1);
        _values.TryRemove(key, out _);
    }
}
