using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Credit;

/// <summary>What the push use cases share.</summary>
public static class CreditSupport
{
    /// <summary>The states of a push that still holds its demand: waiting for a claim, claimed, or granted.</summary>
    private static readonly string[] Live = ["pushed", "claimed", "granted"];

    /// <summary>
    /// Whether the demand has a live push other than <paramref name="except"/> (across all banks). A demand goes back
    /// to the pool — to be pushed to the next-fitting bank — only when none is left.
    /// </summary>
    public static Task<bool> HasOtherLivePushAsync(AppDbContext db, long demandId, long[] except, CancellationToken ct) =>
        db.DemandPushes.IgnoreQueryFilters().AnyAsync(p => p.DemandId == demandId && !except.Contains(p.Id) && Live.Contains(p.State), ct);
}
