using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Registry;

/// <summary>
/// The dashboard's figures for one as-of date: enterprises the viewer may see, how many of them are key
/// enterprises (一), and the key enterprises counted by registered district and by sector basis. Query
/// filters keep it to the viewer's enterprises, so the API and the home page show the same numbers.
/// </summary>
public static class KeyEnterpriseStats
{
    public sealed record Query(DateOnly AsOf);

    /// <summary>One bar of a chart: a district code or a sector-basis code, its Chinese label, the count.</summary>
    public sealed record Bucket(string Key, string Label, int Count);

    public sealed record Result(DateOnly AsOf, int Enterprises, int Key, IReadOnlyList<Bucket> ByDistrict, IReadOnlyList<Bucket> ByBasis);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<Result> Handle(Query q, CancellationToken ct = default)
        {
            var ds = db.Determinations.AsNoTracking().Where(d => d.AsOf == q.AsOf);
            var total = await db.Enterprises.CountAsync(ct);
            var key = await ds.CountAsync(d => d.IsKey, ct);
            var byDistrict = await ds.Where(d => d.IsKey).GroupBy(d => d.Enterprise!.RegisteredRegion).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var byBasis = await ds.Where(d => d.IsKey).GroupBy(d => d.SectorBasis).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var names = catalog.Tables.CityDivisions.ToDictionary(d => d.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), d => d.NameZh);
            return new Result(q.AsOf, total, key,
                [.. byDistrict.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new Bucket(x.Key, names.GetValueOrDefault(x.Key, x.Key), x.Count))],
                [.. byBasis.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new Bucket(x.Key, x.Key, x.Count))]);
        }
    }
}
