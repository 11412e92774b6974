using System.Globalization;
using Rongtong.Domain.Calendar;

namespace Rongtong.Domain.Policy;

/// <summary>
/// One dated value of a policy parameter as the operator shipped it: the raw text, the days it is in
/// force, the clause it implements, and where it was read from (so an error can point at it).
/// </summary>
public sealed record Parameter(string Key, string Value, DatePeriod Period, Clause Clause, string File, int Line)
{
    public decimal AsDecimal()
    {
        if (decimal.TryParse(Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new PolicyDataException(File, Line, $"parameter '{Key}' value '{Value}' is not a decimal number");
    }

    public int AsInt()
    {
        if (int.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        throw new PolicyDataException(File, Line, $"parameter '{Key}' value '{Value}' is not an integer");
    }

    public Money.Money AsMoney()
    {
        if (Money.Money.TryParse(Value, out var m, out var error))
        {
            return m;
        }

        throw new PolicyDataException(File, Line, $"parameter '{Key}': {error}");
    }

    public IReadOnlyList<string> AsList() =>
        Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
