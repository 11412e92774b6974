using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;

namespace Rongtong.Application.Features.Platform;

/// <summary>
/// 营业日期: the regulator sets the business date every workflow uses (P0); the wall clock only stamps
/// the audit log. Until one is set it is today in China Standard Time.
/// </summary>
public static class SetBusinessDate
{
    public sealed record Command(DateOnly BusinessDate);

    /// <summary>The stored date (null: none set), reused for a second: every request asks for it.</summary>
    private static readonly ShortCache<DateOnly?> Stored = new(1000);

    /// <summary>The business date: the one the regulator set, else today in China Standard Time.</summary>
    public static async Task<DateOnly> CurrentAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var stored = await Stored.GetAsync(db, async token => (await db.BusinessDates.AsNoTracking().FirstOrDefaultAsync(token))?.BusinessDate, ct);
        return stored ?? Dates.InChina(clock.GetUtcNow());
    }

    /// <summary>Forgets the reused value (after a change, or a database restored under the same connection string).</summary>
    public static void Forget(AppDbContext db) => Stored.Forget(db);

    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<DateOnly> Handle(Command command, CancellationToken ct = default)
        {
            if (db.Viewer.Kind is not (null or OrganisationKind.Regulator))
            {
                throw new DomainException("FORBIDDEN", "only the regulator sets the business date");
            }

            Dates.RequireInRange(command.BusinessDate, "businessDate");
            var setting = await db.BusinessDates.FirstOrDefaultAsync(ct);
            if (setting is null)
            {
                setting = new BusinessDateSetting { Id = 1 };
                db.BusinessDates.Add(setting);
            }

            setting.BusinessDate = command.BusinessDate;
            setting.SetBy = db.Viewer.UserId;
            setting.SetAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            Forget(db);
            return setting.BusinessDate;
        }
    }
}
