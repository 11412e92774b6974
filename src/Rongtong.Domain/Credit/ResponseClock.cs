using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Credit;

/// <summary>Where a pushed demand stands against the bank's response clock.</summary>
public enum ClockState
{
    OnTime,
    ClaimOverdue,
    DecisionOverdue,
}

/// <summary>The deadlines of one push: claim or decline, and decide.</summary>
public sealed record PushDeadlines(DateOnly ClaimBy, DateOnly DecideBy, Clause Clause);

/// <summary>
/// 响应时限 (二(二), POLICY.md P8): a bank claims or declines a pushed demand within 2 business days and gives
/// a credit decision within 7 (dated parameters), counted on the official calendar from the push date.
/// Late pushes escalate to the regulator and are re-pushed.
/// </summary>
public static class ResponseClock
{
    public static PushDeadlines Deadlines(DateOnly pushedOn, BusinessCalendar calendar, PolicyVersion version, DateOnly asOf)
    {
        var claim = version.Get(ParameterKeys.PushClaimBusinessDays, asOf);
        var decide = version.Get(ParameterKeys.PushDecideBusinessDays, asOf);
        return new PushDeadlines(calendar.AddBusinessDays(pushedOn, claim.AsInt()), calendar.AddBusinessDays(pushedOn, decide.AsInt()), claim.Clause);
    }

    /// <summary>The state on <paramref name="today"/> given whether the bank has claimed/declined and decided.</summary>
    public static ClockState State(PushDeadlines d, DateOnly today, bool answered, bool decided) =>
        !answered && today > d.ClaimBy ? ClockState.ClaimOverdue
        : !decided && today > d.DecideBy ? ClockState.DecisionOverdue
        : ClockState.OnTime;
}
