using Rongtong.Domain.Calendar;

namespace Rongtong.Domain.Policy;

/// <summary>
/// One version of a policy line (e.g. <c>HZ-2021-20</c>, in force 2021-05-06..2024-05-05 per the
/// document's closing sentence "本措施自2021年5月6日起施行，有效期3年"), with its dated parameters.
/// </summary>
public sealed class PolicyVersion
{
    private readonly Dictionary<string, List<Parameter>> _parameters;

    internal PolicyVersion(string id, string line, string title, string documentNumber, DatePeriod period, Clause periodClause, Dictionary<string, List<Parameter>> parameters)
    {
        Id = id;
        Line = line;
        Title = title;
        DocumentNumber = documentNumber;
        Period = period;
        PeriodClause = periodClause;
        _parameters = parameters;
    }

    public string Id { get; }

    /// <summary>The policy line the version belongs to; versions of one line never overlap.</summary>
    public string Line { get; }

    public string Title { get; }

    public string DocumentNumber { get; }

    public DatePeriod Period { get; }

    /// <summary>The clause that sets the version's period (施行期).</summary>
    public Clause PeriodClause { get; }

    public IEnumerable<string> Keys => _parameters.Keys;

    /// <summary>All dated values of a key, in date order.</summary>
    public IReadOnlyList<Parameter> History(string key) =>
        _parameters.TryGetValue(key, out var list) ? list : [];

    /// <summary>The value of <paramref name="key"/> in force on <paramref name="asOf"/>.</summary>
    /// <exception cref="KeyNotFoundException">No value covers that day.</exception>
    public Parameter Get(string key, DateOnly asOf)
    {
        if (_parameters.TryGetValue(key, out var list))
        {
            foreach (var p in list)
            {
                if (p.Period.Contains(asOf))
                {
                    return p;
                }
            }
        }

        throw new KeyNotFoundException($"policy {Id} has no value of '{key}' on {asOf.ToText()}");
    }

    public bool TryGet(string key, DateOnly asOf, out Parameter? parameter)
    {
        parameter = null;
        if (!_parameters.TryGetValue(key, out var list))
        {
            return false;
        }

        parameter = list.Find(p => p.Period.Contains(asOf));
        return parameter is not null;
    }
}
