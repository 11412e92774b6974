namespace Rongtong.Domain.Policy;

/// <summary>Policy data that cannot be used; the message names the file and line.</summary>
public sealed class PolicyDataException : Exception
{
    public PolicyDataException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
        File = file;
        Line = line;
    }

    public PolicyDataException()
    {
        File = "";
    }

    public PolicyDataException(string message)
        : base(message)
    {
        File = "";
    }

    public PolicyDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
    }

    public string File { get; }

    public int Line { get; }
}
