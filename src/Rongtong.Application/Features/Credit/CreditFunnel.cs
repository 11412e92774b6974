using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Credit;

/// <summary>The regulator's funnel (posted → pushed → claimed → granted → disbursed) and overdue queue (二(二)).</summary>
public static class CreditFunnel
{
    public sealed record Stage(string Name, int Count);

    public sealed record Overdue(long PushId, long DemandId, long EnterpriseId, Guid BankId, DateOnly PushedOn, DateOnly ClaimBy, DateOnly DecideBy, DateOnly? EscalatedOn, string Note);

    public sealed record Result(IReadOnlyList<Stage> Stages, IReadOnlyList<Overdue> Escalated);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Result> Handle(CancellationToken ct = default)
        {
            var demands = db.LoanDemands.AsNoTracking();
            var pushes = db.DemandPushes.AsNoTracking();
            var posted = await demands.CountAsync(ct);
            var pushed = await pushes.Select(p => p.DemandId).Distinct().CountAsync(ct);
            var claimed = await pushes.Where(p => p.State == "claimed" || p.State == "granted" || p.State == "refused").Select(p => p.DemandId).Distinct().CountAsync(ct);
            var granted = await pushes.Where(p => p.State == "granted").Select(p => p.DemandId).Distinct().CountAsync(ct);
            var disbursed = await pushes.Where(p => p.LoanId != null).Select(p => p.DemandId).Distinct().CountAsync(ct);
            var escalated = await pushes.Where(p => p.State == "escalated").OrderByDescending(p => p.Id).Take(500)
                .Select(p => new Overdue(p.Id, p.DemandId, p.EnterpriseId, p.BankId, p.PushedOn, p.ClaimBy, p.DecideBy, p.EscalatedOn, p.Note)).ToListAsync(ct);
            return new Result([new("posted", posted), new("pushed", pushed), new("claimed", claimed), new("granted", granted), new("disbursed", disbursed)], escalated);
        }
    }
}
