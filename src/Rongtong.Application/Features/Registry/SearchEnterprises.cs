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
            // In long: (page − 1) × size overflowed int for a page past 10,737,418 and wrapped to a negative offset
            // (SQLite read it as 0 and answered page 1; PostgreSQL refuses a negative OFFSET). A page past every row is empty.
            var skip = (int)Math.Min((long)(page - 1) * size, int.MaxValue);
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
                    : NameOrUsccPrefix(query, t, code);
            }

            if (!string.IsNullOrWhiteSpace(q.District))
            {
                query = query.Where(e => e.RegisteredRegion == q.District);
            }

            if (!string.IsNullOrWhiteSpace(q.Industry))
            {
                query = query.Where(e => e.IndustryCode.StartsWith(q.Industry));
            }

            // The key filter is a semi-join (EXISTS), probing the covering (AsOf, IsKey, EnterpriseId) index per
            // enterprise the other filters leave; the left join below then only supplies the page's columns. Same
            // rows as filtering the left join on d.IsKey (at most one determination per enterprise and date).
            if (q.Key is { } key)
            {
                query = query.Where(e => determinations.Any(d => d.AsOf == q.AsOf && d.IsKey == key && d.EnterpriseId == e.Id));
            }

            var joined = from e in query
                         join d in determinations.Where(d => d.AsOf == q.AsOf) on e.Id equals d.EnterpriseId into ds
                         from d in ds.DefaultIfEmpty()
                         select new { e, d };

            // At most one determination per enterprise and date (unique index), so the left join cannot change
            // the count and is left out of it.
            // With only a key filter, for a viewer who sees everything, the count is the determinations' alone
            // (every determination belongs to an enterprise), read from the (AsOf, IsKey) index.
            var enterpriseFilter = !string.IsNullOrWhiteSpace(q.Text) || !string.IsNullOrWhiteSpace(q.District) || !string.IsNullOrWhiteSpace(q.Industry);
            var total = q.Key is { } k && all && !enterpriseFilter
                ? await determinations.CountAsync(d => d.AsOf == q.AsOf && d.IsKey == k, ct)
                : await query.CountAsync(ct);
            var rows = await joined.OrderBy(x => x.e.Id).Skip(skip).Take(size)
                .Select(x => new { x.e.Id, x.e.Uscc, x.e.Name, x.e.IndustryCode, x.e.RegisteredRegion, IsKey = (bool?)x.d!.IsKey, x.d.SectorBasis, x.d.QuotaFen })
                .ToListAsync(ct);
            return new Page(
                [.. rows.Select(r => new Item(r.Id, r.Uscc, r.Name, r.IndustryCode, r.RegisteredRegion, r.IsKey, r.SectorBasis,
                    r.QuotaFen is { } f ? new Domain.Money.Money(f).ToString() : null))],
                total, page, size);
        }

        /// <summary>
        /// Name contains <paramref name="text"/> (case-sensitive) or the USCC starts with <paramref name="code"/>,
        /// written so the indexes serve it: on PostgreSQL, for 3 characters or more, the GIN index on the names'
        /// 3-character substrings; on SQLite the names are scanned. Stored USCCs
        /// are validated (ASCII letters and digits), so the prefix condition is left out when the text holds
        /// anything else, and on SQLite it is a range on the USCC index.
        /// </summary>
        private IQueryable<Enterprise> NameOrUsccPrefix(IQueryable<Enterprise> query, string text, string code)
        {
            var usccPossible = code.All(char.IsAsciiLetterOrDigit);
            if (db.IsPostgres)
            {
                if (text.EnumerateRunes().Count() < 3)
                {
                    return usccPossible ? query.Where(e => e.Name.Contains(text) || e.Uscc.StartsWith(code)) : query.Where(e => e.Name.Contains(text));
                }

                // Candidates from the GIN index on the names' 3-character substrings, then the exact test.
                var candidates = db.Database.SqlQuery<long>(
                    $"SELECT \"Id\" AS \"Value\" FROM \"Enterprises\" WHERE rongtong_trigrams(\"Name\") @> rongtong_trigrams({text}) AND strpos(\"Name\", {text}) > 0");
                return usccPossible ? query.Where(e => candidates.Contains(e.Id) || e.Uscc.StartsWith(code)) : query.Where(e => candidates.Contains(e.Id));
            }

            // SQLite: a scan of the names (instr). An FTS5 trigram table was measured and left out: kept by triggers
            // it costs about 37 s of CPU per million enterprise inserts, most of the import budget (bench/README.md).
            var upper = code + "~"; // after every USCC character
            return usccPossible
                ? query.Where(e => e.Name.Contains(text) || (string.Compare(e.Uscc, code) >= 0 && string.Compare(e.Uscc, upper) < 0))
                : query.Where(e => e.Name.Contains(text));
        }
    }
}
