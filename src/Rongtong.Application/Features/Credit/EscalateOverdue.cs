using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Credit;

namespace Rongtong.Application.Features.Credit;

/// <summary>
/// The response clock (P8): a push not claimed or declined by its claim deadline, or claimed but not
/// decided by its decision deadline, is escalated to the regulator's queue on the business date, and its
/// demand is reopened so the next batch pushes it to the next-fitting bank.
/// </summary>
public static class EscalateOverdue
{
    public sealed record Result(DateOnly Day, int Escalated, int Reopened);

    public sealed class Handler(AppDbContext db)
    {
        public Task<Result> Handle(CancellationToken ct = default) => Conflicts.RetryAsync(db, () => EscalateAsync(ct), ct);

        private async Task<Result> EscalateAsync(CancellationToken ct)
        {
            var today = db.Viewer.BusinessDate;
            var late = await db.DemandPushes.IgnoreQueryFilters().Include(p => p.Demand)
                .Where(p => (p.State == "pushed" && p.ClaimBy < today) || (p.State == "claimed" && p.DecideBy < today)).ToListAsync(ct);
            var reopened = 0;
            foreach (var p in late)
            {
                var state = ResponseClock.State(new PushDeadlines(p.ClaimBy, p.DecideBy, new Domain.Policy.Clause("二(二)", "")), today, p.State != "pushed", false);
                p.Note = state == ClockState.ClaimOverdue ? $"not claimed by {p.ClaimBy:yyyy-MM-dd}" : $"no decision by {p.DecideBy:yyyy-MM-dd}";
                p.State = "escalated";
                p.EscalatedOn = today;
            }

            // A demand whose every live push has just run out goes back to the pool. The late pushes are still stored as
            // pushed/claimed until the save below, so they are left out of the check by id.
            var lateIds = late.Select(p => p.Id).ToArray();
            foreach (var demand in late.Select(p => p.Demand!).DistinctBy(d => d.Id))
            {
                // Ending a push takes its demand's version (as a bank's decline or refusal does): no race leaves it pushed to nobody.
                db.Entry(demand).Property(d => d.Version).IsModified = true;
                if (!await CreditSupport.HasOtherLivePushAsync(db, demand.Id, lateIds, ct) && demand.State == "pushed")
                {
                    demand.State = "open";
                    reopened++;
                }
            }

            await db.SaveChangesAsync(ct);
            return new Result(today, late.Count, reopened);
        }
    }
}
