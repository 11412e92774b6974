namespace Rongtong.Domain;

/// <summary>
/// A broken rule: a stable code for programs and a message for people. A refusal of a request's fields also names
/// each field that fails with what it must be (<see cref="Errors"/>, written as the problem's <c>errors</c>).
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message)
        : base(message) => Code = code;

    public DomainException(string code, string message, IReadOnlyDictionary<string, string[]> errors)
        : base(message) => (Code, Errors) = (code, errors);

    public DomainException()
        : this("DOMAIN_ERROR", "a rule was broken")
    {
    }

    public DomainException(string message)
        : this("DOMAIN_ERROR", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException) => Code = "DOMAIN_ERROR";

    public string Code { get; }

    /// <summary>The fields that fail (camelCase, as the request names them) and what each must be; null when the refusal is not about fields.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>A refusal of one field: <paramref name="field"/> named with <paramref name="rule"/>, which is also the message.</summary>
    public static DomainException Field(string code, string field, string rule) =>
        new(code, rule, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [rule] });
}
