using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Registry;

/// <summary>
/// The enterprise list: search by name or USCC, filter by district, industry and key status on a date,
/// server-side keyset-friendly paging. Only what the viewer may see (query filters).
/// </summary>
public static class SearchEnterprises
{
    public sealed record Query(string? Text, string? District, string? Industry, bool? Key, DateOnly AsOf, int Page = 1, int PageSize = 20);

    public sealed record Item(long Id, string Uscc, string Name, string IndustryCode, string RegisteredRegion, bool? IsKey, string? SectorBasis, string? Quota);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Page> Handle(Query q, CancellationToken ct = default)
        {
            var size = Math.Clamp(q.PageSize, 1, 200);
            var page = Math.Max(1, q.Page);
            // The regulator and the system see everything, so their filters are always true; leaving them out
            // keeps the consent look-ups out of the SQL and lets the database use its indexes.
            var all = db.Viewer.SeesAll;
            var query = (all ? db.Enterprises.IgnoreQueryFilters() : db.Enterprises).AsNoTracking();
            var determinations = all ? db.Determinations.IgnoreQueryFilters() : db.Determinations;
            if (!string.IsNullOrWhiteSpace(q.Text))
            {
                var t = q.Text.Trim();
                var code = t.ToUpperInvariant();
                query = t.Length == 18 && t.All(char.IsAsciiLetterOrDigit)
                    ? query.Where(e => e.Uscc == code)
                    : query.Where(e => e.Name.Contains(t) || e.Uscc.StartsWith(code));
            }

            if (!string.IsNullOrWhiteSpace(q.District))
            {
                query = query.Where(e => e.RegisteredRegion == q.District);
            }

            if (!string.IsNullOrWhiteSpace(q.Industry))
            {
                query = query.Where(e => e.IndustryCode.StartsWith(q.Industry));
            }

            var joined = from e in query
                         join d in determinations.Where(d => d.AsOf == q.AsOf) on e.Id equals d.EnterpriseId into ds
                         from d in ds.DefaultIfEmpty()
                         select new { e, d };
            if (q.Key is { } key)
            {
                joined = joined.Where(x => x.d != null && x.d.IsKey == key);
            }

            // At most one determination per enterprise and date (unique index), so without a key filter the
            // left join cannot change the count and is left out of it.
            // With only a key filter, for a viewer who sees everything, the count is the determinations' alone
            // (every determination belongs to an enterprise), read from the (AsOf, IsKey) index.
            var enterpriseFilter = !string.IsNullOrWhiteSpace(q.Text) || !string.IsNullOrWhiteSpace(q.District) || !string.IsNullOrWhiteSpace(q.Industry);
            var total = q.Key switch
            {
                null => await query.CountAsync(ct),
                { } k when all && !enterpriseFilter => await determinations.CountAsync(d => d.AsOf == q.AsOf && d.IsKey == k, ct),
                _ => await joined.CountAsync(ct),
            };
            var rows = await joined.OrderBy(x => x.e.Id).Skip((page - 1) * size).Take(size)
                .Select(x => new { x.e.Id, x.e.Uscc, x.e.Name, x.e.IndustryCode, x.e.RegisteredRegion, IsKey = (bool?)x.d!.IsKey, x.d.SectorBasis, x.d.QuotaFen })
                .ToListAsync(ct);
            return new Page(
                [.. rows.Select(r => new Item(r.Id, r.Uscc, r.Name, r.IndustryCode, r.RegisteredRegion, r.IsKey, r.SectorBasis,
                    r.QuotaFen is { } f ? new Domain.Money.Money(f).ToString() : null))],
                total, page, size);
        }
    }
}
