using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Credit;
using Rongtong.Domain.Matching;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Credit;

/// <summary>
/// The batch push of 二(二) "智能化、批量化" (P8), the same engine as <c>rongtong match</c>: every open demand goes to
/// up to k banks whose products fit it, within each bank's remaining capacity for the day, maximising the
/// demands reached, then the pushes, then the total fit. A demand already pushed to a bank (declined or
/// escalated there) is not pushed to it again: a re-push goes to the next-fitting bank.
/// </summary>
public static class RunPush
{
    public sealed record Result(DateOnly Day, int Demands, int Reached, int Pushes, int GreedyReached);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public async Task<Result> Handle(CancellationToken ct = default)
        {
            var day = db.Viewer.BusinessDate;
            var (version, within) = catalog.Governing(day);
            var k = version.Get(ParameterKeys.PushK, within).AsInt();
            var demands = await db.LoanDemands.IgnoreQueryFilters().Include(d => d.Enterprise).Where(d => d.State == "open").OrderBy(d => d.Id).Take(100_000).ToListAsync(ct);
            var products = await db.BankProducts.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Id).ToListAsync(ct);
            var banks = products.Select(p => p.BankId).Distinct().OrderBy(b => b).ToList();
            if (demands.Count == 0 || banks.Count == 0)
            {
                return new Result(day, demands.Count, 0, 0, 0);
            }

            var capacities = await db.BankCapacities.AsNoTracking().ToDictionaryAsync(c => c.BankId, c => c.DailyPushes, ct);
            var usedToday = await db.DemandPushes.IgnoreQueryFilters().Where(p => p.PushedOn == day).GroupBy(p => p.BankId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var demandIds = demands.Select(d => d.Id).ToList();
            var earlier = (await db.DemandPushes.IgnoreQueryFilters().Where(p => demandIds.Contains(p.DemandId)).Select(p => new { p.DemandId, p.BankId }).ToListAsync(ct))
                .ToLookup(p => p.DemandId, p => p.BankId);
            var bankIndex = banks.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i);
            var domainProducts = products.Select(p => new CreditProduct(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.BankId.ToString(), p.MinAmountFen, p.MaxAmountFen,
                p.MinTermMonths, p.MaxTermMonths, CreditProduct.ParsePrefixes(p.IndustryPrefixes), CreditProduct.ParsePrefixes(p.RegionPrefixes), p.KeyOnly, p.UnsecuredOk)).ToList();
            var domainDemands = demands.Select(d => new Domain.Matching.LoanDemand(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.AmountFen, d.TermMonths,
                d.Enterprise!.IndustryCode, d.Enterprise.RegisteredRegion, d.KeyEnterprise, d.Unsecured)).ToList();
            var candidates = PushCandidates.Build(domainDemands, domainProducts, [.. products.Select(p => bankIndex[p.BankId])], banks.Count);
            var capacity = banks.Select(b => Math.Max(0, capacities.GetValueOrDefault(b, 50) - usedToday.GetValueOrDefault(b))).ToList();

            // Banks a demand already went to are not candidates again. An open demand has no live push (a demand is
            // reopened only when its last live push ends), so each gets the full k.
            var filtered = Filter(candidates, demands, earlier, bankIndex);
            var plan = BatchPush.Solve(filtered, capacity, k);
            var greedy = BatchPush.Greedy(filtered, capacity, k);
            var now = clock.GetUtcNow();
            var owner = filtered.Owners();
            var pushedPerDemand = new int[demands.Count];
            var pushes = 0;
            foreach (var c in plan.Chosen)
            {
                var d = owner[c];
                pushedPerDemand[d]++;
                var product = products[filtered.Product[c]];
                var fit = FitScore.Of(domainProducts[filtered.Product[c]], domainDemands[d]);
                var deadlines = ResponseClock.Deadlines(day, catalog.Calendar, version, within);
                db.DemandPushes.Add(new DemandPush
                {
                    DemandId = demands[d].Id, EnterpriseId = demands[d].EnterpriseId, BankId = product.BankId, ProductId = product.Id, Fit = fit.Value,
                    FitJson = JsonSerializer.Serialize(fit.Components.ToDictionary(x => x.Name, x => new { weight = x.Weight, score = x.Score / (decimal)FitScore.Scale })),
                    PushedOn = day, ClaimBy = deadlines.ClaimBy, DecideBy = deadlines.DecideBy, PushedAt = now,
                });
                demands[d].State = "pushed";
                pushes++;
            }

            await db.SaveChangesAsync(ct);
            return new Result(day, demands.Count, pushedPerDemand.Count(x => x > 0), pushes, greedy.Reached);
        }

        private static PushCandidates Filter(PushCandidates c, List<Data.LoanDemand> demands, ILookup<long, Guid> earlier, Dictionary<Guid, int> bankIndex)
        {
            if (!demands.Any(d => earlier[d.Id].Any()))
            {
                return c;
            }

            var excluded = demands.Select(d => earlier[d.Id].Where(bankIndex.ContainsKey).Select(b => bankIndex[b]).ToHashSet()).ToArray();
            return c.Without((d, bank) => excluded[d].Contains(bank));
        }
    }
}
