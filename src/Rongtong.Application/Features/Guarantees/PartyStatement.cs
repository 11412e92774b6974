using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Money;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// A party's statement of the scheme ledger: its postings in order with running balances per account,
/// and the closing balances — rebuilt from the postings, exact to the 分. Exports to Excel.
/// </summary>
public static class PartyStatement
{
    public sealed record Line(long EntryId, DateOnly BusinessDate, string EventType, string Reference, string Account, string Amount, string Balance);

    public sealed record AccountBalance(string Account, string Balance);

    public sealed record Statement(Guid Party, DateOnly? From, DateOnly? To, IReadOnlyList<Line> Lines, IReadOnlyList<AccountBalance> Closing, string TrialBalance);

    public sealed class Handler(AppDbContext db)
    {
        /// <summary>The statement of <paramref name="party"/> (the viewer's own organisation unless the viewer sees all).</summary>
        public async Task<Statement> Handle(Guid? party, DateOnly? from, DateOnly? to, CancellationToken ct = default)
        {
            if (from > to)
            {
                throw DomainException.Field("PERIOD_INVALID", "to", "to is before from");
            }

            var me = db.Viewer.SeesAll && party is { } p ? p : db.Viewer.OrganisationId ?? Guid.Empty;
            if (db.Viewer.SeesAll && party is { } named && !await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Id == named, ct))
            {
                throw new DomainException("NOT_FOUND", $"organisation {named} not found");
            }

            var rows = await db.LedgerPostings.AsNoTracking().Where(x => x.PartyId == me)
                .Join(db.LedgerEntries.AsNoTracking(), x => x.EntryId, e => e.Id, (x, e) => new { e.Id, e.BusinessDate, e.EventType, e.Reference, x.Purpose, x.Fen })
                .OrderBy(x => x.Id).ToListAsync(ct);
            var running = new Dictionary<int, long>();
            var lines = new List<Line>();
            foreach (var r in rows)
            {
                // The balances are as of the period's end: a posting dated after it is neither a line nor in the closing.
                if (to is not null && r.BusinessDate > to)
                {
                    continue;
                }

                running[r.Purpose] = running.GetValueOrDefault(r.Purpose) + r.Fen;
                if (from is null || r.BusinessDate >= from)
                {
                    lines.Add(new Line(r.Id, r.BusinessDate, r.EventType, r.Reference, ((AccountPurpose)r.Purpose).ToString(), new Money(r.Fen).ToString(), new Money(running[r.Purpose]).ToString()));
                }
            }

            var closing = running.OrderBy(x => x.Key).Select(x => new AccountBalance(((AccountPurpose)x.Key).ToString(), new Money(x.Value).ToString())).ToList();
            var trial = db.Viewer.SeesAll ? await db.LedgerPostings.AsNoTracking().SumAsync(x => (long?)x.Fen, ct) ?? 0 : running.Values.Sum();
            return new Statement(me, from, to, lines, closing, new Money(trial).ToString());
        }
    }

    public static byte[] ToExcel(Statement s)
    {
        using var stream = new MemoryStream();
        var sheets = new Dictionary<string, object>
        {
            ["明细 postings"] = s.Lines.Select(l => new { 分录_entry = l.EntryId, 营业日期_date = l.BusinessDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 事项_event = l.EventType, 编号_reference = l.Reference, 科目_account = l.Account, 金额_amount = l.Amount, 余额_balance = l.Balance }).ToList(),
            ["余额 balances"] = s.Closing.Select(b => new { 科目_account = b.Account, 余额_balance = b.Balance }).ToList(),
        };
        stream.SaveAs(sheets);
        return stream.ToArray();
    }
}
