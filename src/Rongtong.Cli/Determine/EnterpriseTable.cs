using System.Text;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;

namespace Rongtong.Cli.Determine;

/// <summary>
/// <c>enterprises.csv</c> read into <see cref="EnterpriseColumns"/> for the batch kernel, with each row's
/// packed USCC, and for an invalid row its output field and message (line, duplicate, every bad field).
/// A row the byte-level checks accept is exactly a row <see cref="EnterpriseFields.Parse"/> accepts;
/// any other row is decoded and given to it, so the messages are the shared ones.
/// </summary>
internal sealed class EnterpriseTable
{
    /// <summary>Row states.</summary>
    public const byte Ok = 0, InvalidWithKey = 1, InvalidNoKey = 2;

    private readonly ReferenceTables _tables;
    private readonly int _uscc, _industry, _tag, _reg, _tax, _ops, _outsourced, _counted, _rating, _highTech, _techSme;
    private readonly int _maxIndex;
    private readonly int _columnCount;

    public EnterpriseTable(int[] index, int columnCount, ReferenceTables tables, int capacity)
    {
        _tables = tables;
        (_uscc, _industry, _tag, _reg, _tax, _ops, _outsourced, _counted, _rating, _highTech, _techSme) =
            (index[0], index[2], index[3], index[4], index[5], index[6], index[7], index[8], index[9], index[10], index[11]);
        _maxIndex = index.Max();
        _columnCount = columnCount;
        Columns = new EnterpriseColumns(Math.Max(16, capacity));
        Keys = new UInt128[Columns.Tag.Length];
        State = new byte[Columns.Tag.Length];
    }

    public EnterpriseColumns Columns { get; private set; }

    public UInt128[] Keys { get; private set; }

    public byte[] State { get; private set; }

    /// <summary>Invalid rows: the uscc field as read and the error message (with its line).</summary>
    public Dictionary<int, (string Uscc, string Error)> Errors { get; } = [];

    public int Count => Columns.Count;

    public void Load(ByteCsvReader reader, long length, Action<double>? progress)
    {
        var seen = new UsccMap((int)Math.Min(4_000_000, Math.Max(1024, length / 100)));
        var c = Columns;
        var n = 0;
        Span<char> tagChars = stackalloc char[64];
        while (reader.MoveNext())
        {
            if (n == c.Tag.Length)
            {
                c.Count = n;
                Grow();
                c = Columns;
            }

            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke((double)reader.Position / length);
            }

            var i = n - 1;
            var line = reader.LineNumberFrom;
            var hasUscc = reader.ColCount > _uscc;
            var usccSpan = hasUscc ? reader[_uscc] : [];
            var usccValid = Uscc.TryPack(usccSpan, out var key);
            string? error = null;
            if (reader.ColCount <= _maxIndex)
            {
                error = $"row has {reader.ColCount} fields, the header has {_columnCount}";
            }
            else if (!usccValid || !Fast(reader, c, i, tagChars))
            {
                error = Slow(reader, c, i);
            }

            if (usccValid)
            {
                Keys[i] = key;
                var first = seen.GetOrAdd(key, line, out var added);
                if (!added)
                {
                    error = $"duplicate uscc: the same code is on line {first}" + (error is null ? "" : "; " + error);
                }
            }

            if (error is null)
            {
                State[i] = Ok;
                c.Invalid[i] = false;
                continue;
            }

            State[i] = usccValid ? InvalidWithKey : InvalidNoKey;
            c.Invalid[i] = true;
            Errors[i] = (Encoding.UTF8.GetString(usccSpan), $"line {line}: {error}");
        }

        c.Count = n;
    }

    /// <summary>The valid common case straight from the bytes; false when any field needs the full check.</summary>
    private bool Fast(ByteCsvReader r, EnterpriseColumns c, int i, Span<char> tagChars)
    {
        var industry = IndustryCode.Parse(r[_industry]);
        if (!_tables.IsIndustryClass(industry))
        {
            return false;
        }

        var tagSpan = r[_tag];
        var tag = 0;
        if (!tagSpan.IsEmpty)
        {
            if (tagSpan.Length > tagChars.Length || !Encoding.UTF8.TryGetChars(tagSpan, tagChars, out var chars))
            {
                return false;
            }

            tag = _tables.TagIndex(tagChars[..chars]);
            if (tag is < 0 or > 255)
            {
                return false;
            }
        }

        var reg = RegionCode.Parse(r[_reg]);
        var tax = RegionCode.Parse(r[_tax]);
        var ops = RegionCode.Parse(r[_ops]);
        if (reg < 110000 || tax < 110000 || ops < 110000)
        {
            return false;
        }

        var o = Bool(r[_outsourced]);
        var k = Bool(r[_counted]);
        var h = Bool(r[_highTech]);
        var t = Bool(r[_techSme]);
        var rating = Rating(r[_rating]);
        if ((o | k | h | t | rating) < 0)
        {
            return false;
        }

        c.Tag[i] = (byte)tag;
        c.IndustryClass[i] = (short)industry;
        c.RegisteredRegion[i] = reg;
        c.TaxRegion[i] = tax;
        c.OperatingRegion[i] = ops;
        c.Flags[i] = (byte)(o | (k << 1) | (h << 2) | (t << 3));
        c.Rating[i] = (byte)rating;
        return true;
    }

    /// <summary>The shared text rule: null and the facts stored, or every fault of the row.</summary>
    private string? Slow(ByteCsvReader r, EnterpriseColumns c, int i)
    {
        string F(int index) => Encoding.UTF8.GetString(r[index]);
        var errors = EnterpriseFields.Parse(
            F(_uscc), F(_industry), F(_tag), F(_reg), F(_tax), F(_ops), F(_outsourced), F(_counted), F(_rating), F(_highTech), F(_techSme),
            _tables, out var facts);
        if (errors is not null)
        {
            return string.Join("; ", errors);
        }

        c.Tag[i] = checked((byte)facts.KeyIndustryTag);
        c.IndustryClass[i] = (short)facts.IndustryClass;
        c.RegisteredRegion[i] = facts.RegisteredRegion;
        c.TaxRegion[i] = facts.TaxRegion;
        c.OperatingRegion[i] = facts.OperatingRegion;
        c.Flags[i] = facts.Flags;
        c.Rating[i] = (byte)facts.Rating;
        return null;
    }

    /// <summary>1 for <c>true</c>, 0 for <c>false</c>, −1 otherwise.</summary>
    private static int Bool(ReadOnlySpan<byte> s) =>
        s.SequenceEqual("true"u8) ? 1 : s.SequenceEqual("false"u8) ? 0 : -1;

    /// <summary>The <see cref="TaxRating"/> value, −1 when not one of A B M C D or empty.</summary>
    private static int Rating(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return (int)TaxRating.None;
        }

        if (s.Length != 1)
        {
            return -1;
        }

        return s[0] switch
        {
            (byte)'A' => (int)TaxRating.A,
            (byte)'B' => (int)TaxRating.B,
            (byte)'M' => (int)TaxRating.M,
            (byte)'C' => (int)TaxRating.C,
            (byte)'D' => (int)TaxRating.D,
            _ => -1,
        };
    }

    private void Grow()
    {
        var old = Columns;
        var size = old.Tag.Length * 2;
        var c = new EnterpriseColumns(size) { Count = old.Count };
        old.Tag.CopyTo(c.Tag, 0);
        old.IndustryClass.CopyTo(c.IndustryClass, 0);
        old.RegisteredRegion.CopyTo(c.RegisteredRegion, 0);
        old.TaxRegion.CopyTo(c.TaxRegion, 0);
        old.OperatingRegion.CopyTo(c.OperatingRegion, 0);
        old.Flags.CopyTo(c.Flags, 0);
        old.Rating.CopyTo(c.Rating, 0);
        old.Invalid.CopyTo(c.Invalid, 0);
        Columns = c;
        var keys = Keys;
        var state = State;
        Array.Resize(ref keys, size);
        Array.Resize(ref state, size);
        Keys = keys;
        State = state;
    }
}
