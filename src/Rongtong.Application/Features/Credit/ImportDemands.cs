using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Guarantees;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Text;

namespace Rongtong.Application.Features.Credit;

/// <summary>
/// The regulator imports loan demands from the credit-information platform's feed (二(二) "通过公共信用信息平台…推送"):
/// CSV or XLSX with columns <c>uscc,amount,term_months,unsecured,purpose</c>. Each valid row becomes an open
/// demand with the enterprise's key status attached; each invalid row is named with its line, column and
/// why, and the rows around it are still imported.
/// </summary>
public static class ImportDemands
{
    public static readonly string[] Columns = ["uscc", "amount", "term_months", "unsecured", "purpose"];

    public sealed record RowError(int Line, string Column, string Message);

    public sealed record Result(int Rows, int Imported, IReadOnlyList<RowError> Errors);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        /// <exception cref="TabularFormatException">The file as a whole is unusable.</exception>
        public async Task<Result> Handle(Stream content, string fileName, CancellationToken ct = default)
        {
            if (db.Viewer.Kind is not (null or OrganisationKind.Regulator))
            {
                throw new DomainException("FORBIDDEN", "the regulator imports the platform's demand feed");
            }

            var (rows, _) = TabularFile.Open(content, fileName, Columns);
            var errors = new List<RowError>();
            var parsed = new List<(int Line, string Uscc, long Fen, int Term, bool Unsecured, string Purpose)>();
            var count = 0;
            foreach (var row in rows)
            {
                count++;
                var f = row.Fields;
                if (f.Contains(TabularFile.MissingField))
                {
                    errors.Add(new(row.Line, "", "the row has fewer fields than the header"));
                    continue;
                }

                var before = errors.Count;
                if (Uscc.Validate(f[0]) is { } usccError)
                {
                    errors.Add(new(row.Line, "uscc", usccError));
                }

                if (!Domain.Money.Money.TryParse(f[1], out var amount, out var amountError) || amount.Fen <= 0)
                {
                    errors.Add(new(row.Line, "amount", amountError ?? "must be positive"));
                }

                if (!int.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var term) || term is < 1 or > 600)
                {
                    errors.Add(new(row.Line, "term_months", $"'{f[2]}' is not a term of 1–600 months"));
                }

                if (f[3] is not ("true" or "false"))
                {
                    errors.Add(new(row.Line, "unsecured", $"'{f[3]}' must be true or false"));
                }

                if (f[4].Length > Lengths.Text)
                {
                    errors.Add(new(row.Line, "purpose", $"the purpose is longer than {Lengths.Text} characters"));
                }

                if (errors.Count == before)
                {
                    parsed.Add((row.Line, f[0], amount.Fen, term, f[3] == "true", f[4]));
                }
            }

            var codes = parsed.Select(p => p.Uscc).Distinct().ToList();
            var ids = await db.Enterprises.IgnoreQueryFilters().Where(e => codes.Contains(e.Uscc)).Select(e => new { e.Id, e.Uscc }).ToDictionaryAsync(e => e.Uscc, e => e.Id, ct);
            var imported = 0;
            foreach (var p in parsed)
            {
                if (!ids.TryGetValue(p.Uscc, out var enterprise))
                {
                    errors.Add(new(p.Line, "uscc", $"no enterprise with uscc {p.Uscc} in the registry"));
                    continue;
                }

                var d = await GuaranteeSupport.DeterminationAsync(db, catalog, enterprise, db.Viewer.BusinessDate, ct);
                db.LoanDemands.Add(new LoanDemand
                {
                    EnterpriseId = enterprise, AmountFen = p.Fen, TermMonths = p.Term, Unsecured = p.Unsecured, Purpose = p.Purpose, KeyEnterprise = d.IsKey,
                    PostedOn = db.Viewer.BusinessDate, Source = "platform",
                });
                imported++;
            }

            await db.SaveChangesAsync(ct);
            return new Result(count, imported, [.. errors.OrderBy(e => e.Line)]);
        }
    }
}
