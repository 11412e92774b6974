namespace Rongtong.Domain;

/// <summary>A broken rule: a stable code for programs and a message for people.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message)
        : base(message) => Code = code;

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
}
