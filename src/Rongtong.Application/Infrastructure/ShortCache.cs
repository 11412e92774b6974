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
    // Per database (connection string): the value and when it was read (Environment.TickCount64, monotonic).
    private readonly ConcurrentDictionary<string, (T Value, long ReadAt)> _values = new(StringComparer.Ordinal);

    public int Milliseconds => milliseconds;

    public async Task<T> GetAsync(AppDbContext db, Func<CancellationToken, Task<T>> read, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (_values.TryGetValue(key, out var kept) && Environment.TickCount64 - kept.ReadAt <= milliseconds)
        {
            return kept.Value;
        }

        var readAt = Environment.TickCount64;
        var value = await read(ct);
        _values[key] = (value, readAt);
        return value;
    }

    public void Forget(AppDbContext db) => _values.TryRemove(db.Database.GetConnectionString() ?? "", out _);
}
