using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Guarantees;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Money;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// 评价体系 (三(一) "建立以服务重点企业家数、放大倍数和覆盖率等为绩效考核内容的评价体系", P6): per government guarantor
/// and period — key enterprises served, 放大倍数, coverage, 代偿率, volume, the weighted score — and the city's
/// progress toward 1000亿 within the policy period.
/// </summary>
public static class EvaluateGuarantors
{
    public sealed record Query(DateOnly From, DateOnly To);

    /// <summary>
    /// One guarantor's evaluation. <see cref="Amplification"/> is <see cref="WeightedLiability"/> (on the period's last
    /// day) ÷ the institution's net assets.
    /// </summary>
    public sealed record Row(Guid GuarantorId, string Name, int KeyEnterprisesServed, int KeyEnterprisesInDistricts, decimal Coverage, decimal Amplification,
        string Compensated, string Ended, decimal CompensationRate, string Volume, decimal Score, string WeightedLiability);

    public sealed record Progress(string Issued, string Target, decimal Share, DateOnly PeriodFrom, DateOnly PeriodTo);

    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<Row> Rows, Progress Target, IReadOnlyDictionary<string, decimal> Weights);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<Result> Handle(Query q, CancellationToken ct = default)
        {
            if (q.To < q.From)
            {
                throw DomainException.Field("PERIOD_INVALID", "to", "to is before from");
            }

            var (version, within) = catalog.Governing(q.To);
            var guarantors = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Guarantor).OrderBy(o => o.Code).ToListAsync(ct);
            var all = db.Guarantees.IgnoreQueryFilters().AsNoTracking();
            // What a guarantee covers: the loan it guarantees once that is recorded (an approval for 10,000,000.00 under
            // a loan of 6,000,000.00 is 6,000,000.00 of business), else the approved amount.
            var covered = from g in all
                          join l in db.Loans.IgnoreQueryFilters() on g.LoanId equals l.Id into ls
                          from l in ls.DefaultIfEmpty()
                          select new { g.GuarantorId, g.InForceOn, g.ReleasedOn, Fen = l == null ? g.AmountFen : l.PrincipalFen };
            var determinationDate = await db.Determinations.IgnoreQueryFilters().Where(d => d.AsOf <= q.To).MaxAsync(d => (DateOnly?)d.AsOf, ct);
            var weightedOnLastDay = await WeightedLiabilityAsync(q.To, ct);
            var rows = new List<(Organisation Org, int Served, int InDistricts, decimal Coverage, decimal Amplification, long Compensated, long Ended, decimal Rate, long Volume, long Weighted)>();
            foreach (var o in guarantors)
            {
                var mine = all.Where(g => g.GuarantorId == o.Id);
                var served = await mine.Where(g => g.InForceOn >= q.From && g.InForceOn <= q.To).Select(g => g.EnterpriseId).Distinct().CountAsync(ct);
                var volume = await covered.Where(g => g.GuarantorId == o.Id && g.InForceOn >= q.From && g.InForceOn <= q.To).SumAsync(g => (long?)g.Fen, ct) ?? 0;
                var compensated = await mine.Where(g => g.CompensatedOn >= q.From && g.CompensatedOn <= q.To).SumAsync(g => (long?)g.CompensatedFen, ct) ?? 0;
                var released = await covered.Where(g => g.GuarantorId == o.Id && g.ReleasedOn >= q.From && g.ReleasedOn <= q.To).SumAsync(g => (long?)g.Fen, ct) ?? 0;
                var ended = released + compensated;
                var districts = o.Districts.Split(';', StringSplitOptions.RemoveEmptyEntries);
                var inDistricts = determinationDate is { } dd
                    ? await db.Determinations.IgnoreQueryFilters().Where(d => d.AsOf == dd && d.IsKey && districts.Contains(d.Enterprise!.RegisteredRegion)).CountAsync(ct)
                    : 0;
                var book = weightedOnLastDay.GetValueOrDefault(o.Id);
                rows.Add((o, served, inDistricts, inDistricts == 0 ? 0 : Math.Round((decimal)served / inDistricts, 4), AmplificationCheck.Multiple(new Money(book), new Money(o.NetAssetsFen)),
                    compensated, ended, ended == 0 ? 0 : Math.Round((decimal)compensated / ended, 4), volume, book));
            }

            var weights = new Dictionary<string, decimal>
            {
                ["key_enterprises_served"] = version.Get("evaluation_weights.key_enterprises_served", within).AsDecimal(),
                ["amplification"] = version.Get("evaluation_weights.amplification", within).AsDecimal(),
                ["coverage"] = version.Get("evaluation_weights.coverage", within).AsDecimal(),
                ["compensation_rate"] = version.Get("evaluation_weights.compensation_rate", within).AsDecimal(),
                ["volume"] = version.Get("evaluation_weights.volume", within).AsDecimal(),
            };
            decimal[] Norm(Func<int, decimal> value, bool lowerIsBetter)
            {
                var values = Enumerable.Range(0, rows.Count).Select(value).ToArray();
                if (values.Length == 0)
                {
                    return [];
                }

                var min = values.Min();
                var max = values.Max();
                return [.. values.Select(v => max == min ? 1m : lowerIsBetter ? (max - v) / (max - min) : (v - min) / (max - min))];
            }

            var n1 = Norm(i => rows[i].Served, false);
            var n2 = Norm(i => rows[i].Amplification, false);
            var n3 = Norm(i => rows[i].Coverage, false);
            var n4 = Norm(i => rows[i].Rate, true);
            var n5 = Norm(i => rows[i].Volume, false);
            var result = rows.Select((r, i) => new Row(r.Org.Id, r.Org.Name, r.Served, r.InDistricts, r.Coverage, r.Amplification, new Money(r.Compensated).ToString(),
                new Money(r.Ended).ToString(), r.Rate, new Money(r.Volume).ToString(),
                Math.Round((n1[i] * weights["key_enterprises_served"]) + (n2[i] * weights["amplification"]) + (n3[i] * weights["coverage"]) + (n4[i] * weights["compensation_rate"]) + (n5[i] * weights["volume"]), 4),
                new Money(r.Weighted).ToString()))
                .ToList();

            var target = version.Get(ParameterKeys.GuaranteeVolumeTarget, within).AsMoney();
            var issued = await covered.Where(g => g.InForceOn >= version.Period.From && g.InForceOn <= version.Period.To).SumAsync(g => (long?)g.Fen, ct) ?? 0;
            return new Result(q.From, q.To, result, new Progress(new Money(issued).ToString(), target.ToString(), Math.Round((decimal)issued / target.Fen, 6), version.Period.From, version.Period.To), weights);
        }

        /// <summary>
        /// Each guarantor's weighted liability on <paramref name="day"/> (P6 放大倍数's numerator, as of the period's last
        /// day rather than today): the liability of every guarantee in force that day, rebuilt from the dated ledger
        /// postings to its liability account, weighted as the book weighs it (<see cref="GuaranteeSupport.WeightedLiability"/>).
        /// The borrower's guaranteed balance that decides the small/micro weight is the principal of those guarantees that
        /// day, from the principal each entry moved (<see cref="LedgerEntry.PrincipalFen"/>); for a guarantee with entries
        /// posted before that was recorded, the principal behind its liability (÷ (1 − the bank's share), to a 分 or so).
        /// Guarantees approved but not
        /// yet lent under are on the book the approvals are checked against, not in this figure; net assets are the
        /// institution's as recorded now.
        /// </summary>
        private async Task<Dictionary<Guid, long>> WeightedLiabilityAsync(DateOnly day, CancellationToken ct)
        {
            var liability = await (from e in db.LedgerEntries.IgnoreQueryFilters()
                                   join p in db.LedgerPostings.IgnoreQueryFilters() on e.Id equals p.EntryId
                                   join g in db.Guarantees.IgnoreQueryFilters() on e.GuaranteeId equals g.Id
                                   where e.BusinessDate <= day && p.Purpose == (int)AccountPurpose.GuaranteeLiability && p.PartyId == g.GuarantorId
                                   group p.Fen by new { g.Id, g.GuarantorId, g.EnterpriseId, g.SmallMicroBorrower, g.ApprovedOn } into x
                                   select new { x.Key.Id, x.Key.GuarantorId, x.Key.EnterpriseId, x.Key.SmallMicroBorrower, x.Key.ApprovedOn, Fen = -x.Sum() })
                .AsNoTracking().ToListAsync(ct);
            string[] moving = ["GUARANTEE_IN_FORCE", "GUARANTEE_RELEASED", "COMPENSATION"];
            var principals = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.BusinessDate <= day && e.GuaranteeId != null && moving.Contains(e.EventType))
                .GroupBy(e => e.GuaranteeId!.Value)
                .Select(x => new { Id = x.Key, Fen = x.Sum(e => e.PrincipalFen ?? 0), Unrecorded = x.Count(e => e.PrincipalFen == null) })
                .ToDictionaryAsync(x => x.Id, ct);
            var weighted = new Dictionary<Guid, long>();
            foreach (var borrower in liability.Where(x => x.Fen != 0).GroupBy(x => (x.GuarantorId, x.EnterpriseId)))
            {
                var principal = borrower.Select(x =>
                {
                    if (principals.TryGetValue(x.Id, out var p) && p.Unrecorded == 0)
                    {
                        return p.Fen;
                    }

                    var (version, within) = catalog.Governing(x.ApprovedOn ?? day);
                    var kept = 1m - version.Get(ParameterKeys.RiskShareBank, within).AsDecimal();
                    return kept <= 0 ? 0 : (long)Math.Round(x.Fen / kept, MidpointRounding.AwayFromZero);
                }).ToList();
                var balance = principal.Sum();
                weighted[borrower.Key.GuarantorId] = weighted.GetValueOrDefault(borrower.Key.GuarantorId)
                    + borrower.Sum(x => GuaranteeSupport.WeightedLiability(catalog, x.SmallMicroBorrower, x.ApprovedOn, x.Fen, balance, day));
            }

            return weighted;
        }
    }

    public static byte[] ToExcel(Result r)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object>
        {
            ["评价 evaluation"] = r.Rows.Select(x => new
            {
                担保机构_guarantor = x.Name, 服务重点企业_served = x.KeyEnterprisesServed, 辖区重点企业_in_districts = x.KeyEnterprisesInDistricts, 覆盖率_coverage = x.Coverage,
                加权责任余额_weighted_liability = x.WeightedLiability, 放大倍数_amplification = x.Amplification, 代偿额_compensated = x.Compensated, 解保额_ended = x.Ended, 代偿率_rate = x.CompensationRate, 业务额_volume = x.Volume, 得分_score = x.Score,
            }).ToList(),
            ["目标 target"] = new[] { new { 已发生_issued = r.Target.Issued, 目标_target = r.Target.Target, 完成率_share = r.Target.Share, 起_from = r.Target.PeriodFrom.ToText(), 止_to = r.Target.PeriodTo.ToText() } },
        });
        return stream.ToArray();
    }
}
