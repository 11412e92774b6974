using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Rules;

public sealed record BridgeSchedule(DateOnly PayOffDay, DateOnly RenewalDue, DateOnly OverdueAfter, Clause Clause);

public sealed record BridgeFee(Money.Money Fee, int OccupancyDays, Clause Clause);

/// <summary>
/// 转贷 "T+1" (五(二)), POLICY.md P11: on business day T the bridge pays off the maturing loan; by T+1
/// the bank's renewal repays it; past T+N business days (parameter, default 5) it is overdue. The fee
/// counts calendar days of occupancy, a part day as a whole day.
/// </summary>
public static class BridgeLoanRule
{
    public static BridgeSchedule Schedule(DateOnly requestedDay, BusinessCalendar calendar, PolicyVersion version, DateOnly asOf)
    {
        var overdue = version.Get(ParameterKeys.BridgeOverdueBusinessDays, asOf);
        var t = calendar.AddBusinessDays(requestedDay, 0);
        return new BridgeSchedule(t, calendar.AddBusinessDays(t, 1), calendar.AddBusinessDays(t, overdue.AsInt()), overdue.Clause);
    }

    /// <summary>The fee for money out from <paramref name="paidOut"/> to <paramref name="repaid"/> (same day counts as one day).</summary>
    public static BridgeFee Fee(Money.Money amount, DateOnly paidOut, DateOnly repaid, PolicyVersion version, DateOnly asOf)
    {
        if (repaid < paidOut)
        {
            throw new DomainException("BRIDGE_PERIOD_INVALID", "the bridge cannot be repaid before it is paid out");
        }

        var first = version.Get(ParameterKeys.BridgeFeeDailyFirst, asOf);
        var firstDays = version.Get(ParameterKeys.BridgeFeeFirstDays, asOf).AsInt();
        var after = version.Get(ParameterKeys.BridgeFeeDailyAfter, asOf).AsDecimal();
        var days = Math.Max(1, repaid.DayNumber - paidOut.DayNumber);
        var factor = (first.AsDecimal() * Math.Min(days, firstDays)) + (after * Math.Max(0, days - firstDays));
        return new BridgeFee(amount.Multiply(factor, Money.Rounding.HalfAwayFromZero), days, first.Clause);
    }
}
