using System.Text;

namespace Rongtong.Cli.Determine;

/// <summary>A buffered UTF-8 CSV writer with RFC 4180 quoting only where a field needs it.</summary>
internal sealed class CsvOutput : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;

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

    public void Ascii(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Comma() => Ascii(","u8);

    public void NewLine() => Ascii("\n"u8);

    public void Money(long fen)
    {
        Ensure(32);
        new Domain.Money.Money(fen).TryFormat(_buffer.AsSpan(_used), out var n);
        _used += n;
    }

    /// <summary>Writes text as a CSV field, quoting it when it holds a comma, quote or line break.</summary>
    public void Field(ReadOnlySpan<char> text)
    {
        var needsQuotes = text.IndexOfAny(",\"\r\n") >= 0;
        if (!needsQuotes)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
            _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
            return;
        }

        Ensure(1);
        _buffer[_used++] = (byte)'"';
        foreach (var part in text.ToString().Split('"'))
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(part.Length) + 2);
            _used += Encoding.UTF8.GetBytes(part, _buffer.AsSpan(_used));
            _buffer[_used++] = (byte)'"';
            _buffer[_used++] = (byte)'"';
        }

        _used--; // the last doubled quote becomes the closing quote
    }

    private void Ensure(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Flush();
            if (bytes > _buffer.Length)
            {
                throw new InvalidOperationException("field larger than the output buffer");
            }
        }
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }
}
