using nietras.SeparatedValues;

namespace Rongtong.Cli.Determine;

/// <summary>Opening the registry CSVs the one way: UTF-8, comma, RFC 4180 quotes unescaped, our own column-count checks.</summary>
internal static class CsvFiles
{
    public static FileStream Open(string path, string displayName)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{displayName}: cannot be read: {e.Message}");
        }
    }

    public static SepReader Reader(Stream stream, string displayName)
    {
        SepReader reader;
        try
        {
            reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true }).From(stream);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new UsageException($"{displayName}:1: {e.Message}");
        }

        if (reader.Header.IsEmpty || reader.Header.ColNames.Count == 0 || (reader.Header.ColNames.Count == 1 && reader.Header.ColNames[0].Length == 0))
        {
            reader.Dispose();
            throw new UsageException($"{displayName}:1: the file is empty (a header row is required)");
        }

        return reader;
    }
}
