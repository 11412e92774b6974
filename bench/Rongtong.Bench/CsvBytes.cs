using System.Text;

namespace Rongtong.Bench;

/// <summary>A buffered UTF-8 CSV writer (LF line ends, RFC 4180 quoting where a field needs it).</summary>
internal sealed class CsvBytes : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;
    private bool _disposed;

    public CsvBytes(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
    }

    public long BytesWritten { get; private set; }

    public void Ascii(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _buffer[_used++] = b;
    }

    public void Chars(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    /// <summary>Writes a text field, quoted (inner quotes doubled) when it holds a comma, quote or line break.</summary>
    public void Field(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny(",\"\r\n") < 0)
        {
            Chars(text);
            return;
        }

        Byte((byte)'"');
        foreach (var c in text)
        {
            if (c == '"')
            {
                Byte((byte)'"');
            }

            Chars([c]);
        }

        Byte((byte)'"');
    }

    public void Int(int value)
    {
        Ensure(11);
        value.TryFormat(_buffer.AsSpan(_used), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        _used += n;
    }

    /// <summary>Yuan with exactly two decimals from whole 分 (non-negative).</summary>
    public void Yuan(long fen)
    {
        Ensure(24);
        (fen / 100).TryFormat(_buffer.AsSpan(_used), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        _used += n;
        var cents = (int)(fen % 100);
        _buffer[_used++] = (byte)'.';
        _buffer[_used++] = (byte)('0' + (cents / 10));
        _buffer[_used++] = (byte)('0' + (cents % 10));
    }

    public void Bool(bool value) => Ascii(value ? "true"u8 : "false"u8);

    private void Ensure(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        BytesWritten += _used;
        _used = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Flush();
        _stream.Dispose();
    }
}
