namespace Rongtong.Domain;

/// <summary>
/// The field checks of one request: every field that fails is collected, then all are refused together with
/// <see cref="ThrowIfAny"/> — each named, with what it must be, in the message and in <see cref="DomainException.Errors"/>.
/// </summary>
public sealed class FieldChecks(string code)
{
    private readonly List<(string Field, string Rule)> _failures = [];

    /// <summary>Records <paramref name="field"/> as failing with <paramref name="rule"/> unless <paramref name="holds"/>.</summary>
    public FieldChecks Check(bool holds, string field, string rule)
    {
        if (!holds)
        {
            _failures.Add((field, rule));
        }

        return this;
    }

    public void ThrowIfAny()
    {
        if (_failures.Count > 0)
        {
            throw new DomainException(code, string.Join("; ", _failures.Select(f => $"{f.Field}: {f.Rule}")),
                _failures.GroupBy(f => f.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Rule).ToArray(), StringComparer.Ordinal));
        }
    }
}
