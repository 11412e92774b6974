using System.Text;
using nietras.SeparatedValues;

namespace Rongtong.Cli.Determine;

/// <summary>
/// Rows of a UTF-8 CSV as byte spans, for the bulk paths of <c>determine</c>. A plain row (no quote, no
/// carriage return inside it) is split on commas here, without decoding; any other row is cut out by
/// the same rule Sep uses (a line break ends the row only outside quotes, i.e. after an even number of
/// quotes; CR, LF and CRLF all break lines) and handed to Sep, which stays the parser of record for
/// quoting, and its unescaped fields are re-encoded to UTF-8. A leading UTF-8 BOM is skipped. Line
/// numbers count every line break, inside quotes too, as Sep's do.
/// </summary>
internal sealed class ByteCsvReader : IDisposable
{
    private static readonly Func<SepReaderOptions, SepReaderOptions> RowOptions =
        o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false };

    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _pos;
    private int _len;
    private bool _eof;
    private long _discarded;
    private int _nextLine = 1;
    private int[] _starts = new int[32];
    private int[] _ends = new int[32];
    private byte[] _scratch = new byte[256];
    private bool _fromScratch;

    public ByteCsvReader(Stream stream)
    {
        _stream = stream;
        Fill();
        if (_len >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _pos = 3;
        }
    }

    /// <summary>Fields of the current row.</summary>
    public int ColCount { get; private set; }

    /// <summary>The 1-based line on which the current row starts.</summary>
    public int LineNumberFrom { get; private set; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    public long Position => _discarded + _pos;

    public ReadOnlySpan<byte> this[int index] =>
        (_fromScratch ? _scratch : _buffer).AsSpan(_starts[index], _ends[index] - _starts[index]);

    public bool MoveNext()
    {
        while (true)
        {
            if (_pos == _len && (_eof || !Fill()))
            {
                return false;
            }

            var rest = _buffer.AsSpan(_pos, _len - _pos);
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0 && !_eof)
            {
                Fill();
                continue;
            }

            var lineLength = newline < 0 ? rest.Length : newline;
            var content = lineLength > 0 && rest[lineLength - 1] == (byte)'\r' ? lineLength - 1 : lineLength;
            if (rest[..content].IndexOfAny((byte)'"', (byte)'\r') >= 0 || (newline < 0 && content != lineLength))
            {
                Complex();
                return true;
            }

            Split(_pos, content);
            LineNumberFrom = _nextLine++;
            _pos += newline < 0 ? rest.Length : newline + 1;
            return true;
        }
    }

    private void Split(int start, int length)
    {
        _fromScratch = false;
        var line = _buffer.AsSpan(start, length);
        var count = 0;
        var offset = 0;
        while (true)
        {
            if (count == _starts.Length)
            {
                Array.Resize(ref _starts, count * 2);
                Array.Resize(ref _ends, count * 2);
            }

            var comma = line[offset..].IndexOf((byte)',');
            _starts[count] = start + offset;
            if (comma < 0)
            {
                _ends[count++] = start + length;
                break;
            }

            _ends[count++] = start + offset + comma;
            offset += comma + 1;
        }

        ColCount = count;
    }

    /// <summary>A row with quotes or a bare CR: find its end by quote parity, then let Sep split and unescape it.</summary>
    private void Complex()
    {
        var quotes = 0;
        var breaks = 0;
        var i = 0; // offset from _pos, stable across Fill
        int end, next;
        while (true)
        {
            if (_pos + i == _len)
            {
                if (_eof || !Fill())
                {
                    end = next = i;
                    break;
                }
            }

            var b = _buffer[_pos + i];
            if (b == (byte)'"')
            {
                quotes++;
            }
            else if (b is (byte)'\n' or (byte)'\r')
            {
                var crlf = false;
                if (b == (byte)'\r')
                {
                    if (_pos + i + 1 == _len && !_eof && Fill())
                    {
                        continue;
                    }

                    crlf = _pos + i + 1 < _len && _buffer[_pos + i + 1] == (byte)'\n';
                }

                if ((quotes & 1) == 0)
                {
                    end = i;
                    next = i + (crlf ? 2 : 1);
                    break;
                }

                breaks++;
                i += crlf ? 2 : 1;
                continue;
            }

            i++;
        }

        var text = Encoding.UTF8.GetString(_buffer, _pos, end);
        LineNumberFrom = _nextLine;
        _nextLine += breaks + 1;
        _pos += next;
        _fromScratch = true;
        if (text.Length == 0)
        {
            _starts[0] = _ends[0] = 0;
            ColCount = 1;
            return;
        }

        using var reader = Sep.New(',').Reader(RowOptions).FromText(text);
        if (!reader.MoveNext())
        {
            _starts[0] = _ends[0] = 0;
            ColCount = 1;
            return;
        }

        var row = reader.Current;
        var used = 0;
        if (_starts.Length < row.ColCount)
        {
            _starts = new int[row.ColCount];
            _ends = new int[row.ColCount];
        }

        for (var c = 0; c < row.ColCount; c++)
        {
            var span = row[c].Span;
            var need = Encoding.UTF8.GetMaxByteCount(span.Length);
            if (used + need > _scratch.Length)
            {
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, used + need));
            }

            _starts[c] = used;
            used += Encoding.UTF8.GetBytes(span, _scratch.AsSpan(used));
            _ends[c] = used;
        }

        ColCount = row.ColCount;
    }

    /// <summary>Keeps the unread bytes, reads more (growing the buffer for a row longer than it); false at the end of the file.</summary>
    private bool Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _len - _pos);
            _discarded += _pos;
            _len -= _pos;
            _pos = 0;
        }

        if (_len == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = 0;
        while (_len < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _len, _buffer.Length - _len);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _len += n;
            read += n;
        }

        return read > 0;
    }

    public void Dispose() => _stream.Dispose();
}
