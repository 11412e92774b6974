using System.Text;

namespace Rongtong.Cli.Determine;

/// <summary>The output file of <c>determine</c>: formatted chunks of rows written in order.</summary>
internal sealed class CsvOutput : IDisposable
{
    private readonly Stream _stream;

    public CsvOutput(string path)
    {
        try
        {
            _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output {path}: cannot be written: {e.Message}");
        }
    }

    public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void Write(RowBuffer rows) => _stream.Write(rows.Written);

    public void Dispose() => _stream.Dispose();
}

/// <summary>A growable UTF-8 buffer of CSV text, with RFC 4180 quoting only where a field needs it.</summary>
internal sealed class RowBuffer(int capacity)
{
    private byte[] _buffer = new byte[Math.Max(256, capacity)];
    private int _used;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _used);

    /// <summary>Room for <paramref name="bytes"/> more bytes; the span to write them into.</summary>
    public Span<byte> Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }

        return _buffer.AsSpan(_used);
    }

    public void Advance(int bytes) => _used += bytes;

    public void Ascii(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _used += bytes.Length;
    }

    public void Money(long fen)
    {
        new Domain.Money.Money(fen).TryFormat(Reserve(32), out var n);
        _used += n;
    }

    /// <summary>Writes text as a CSV field, quoting it when it holds a comma, quote or line break.</summary>
    public void Field(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny(",\"\r\n") < 0)
        {
            _used += Encoding.UTF8.GetBytes(text, Reserve(Encoding.UTF8.GetMaxByteCount(text.Length)));
            return;
        }

        Ascii("\""u8);
        foreach (var part in text.ToString().Split('"'))
        {
            _used += Encoding.UTF8.GetBytes(part, Reserve(Encoding.UTF8.GetMaxByteCount(part.Length) + 2));
            Ascii("\"\""u8);
        }

        _used--; // the last doubled quote becomes the closing quote
    }
}
