using System.Globalization;
using Rongtong.Domain.Text;

namespace Rongtong.Bench;

/// <summary>The policy tables the generator draws from, read from <c>policy/tables/</c> at generation time.</summary>
internal sealed class GeneratorTables
{
    private GeneratorTables(int[] manufacturing, int[] producer, int[] other, string[] tags, int[] cityDivisions)
    {
        Manufacturing = manufacturing;
        ProducerServices = producer;
        Other = other;
        KeyIndustryTags = tags;
        CityDivisions = cityDivisions;
    }

    /// <summary>GB/T 4754-2017 classes in divisions 13–43 (section C).</summary>
    public int[] Manufacturing { get; }

    /// <summary>Producer-service classes outside manufacturing.</summary>
    public int[] ProducerServices { get; }

    /// <summary>Classes that are neither.</summary>
    public int[] Other { get; }

    public string[] KeyIndustryTags { get; }

    /// <summary>Hangzhou's division codes except the city-level 330100.</summary>
    public int[] CityDivisions { get; }

    public static GeneratorTables Load(string repoRoot)
    {
        var tables = Path.Combine(RepoRoot.PolicyFolder(repoRoot), "tables");
        var classes = Column(Path.Combine(tables, "gbt4754-2017-classes.csv"), "code").Select(Int).ToArray();
        var producer = Column(Path.Combine(tables, "producer-services.csv"), "code").Select(Int).ToHashSet();
        var tags = Column(Path.Combine(tables, "key-industries.csv"), "tag").ToArray();
        var city = Column(Path.Combine(tables, "hangzhou-divisions.csv"), "code").Select(Int).Where(c => c % 100 != 0).ToArray();

        static bool IsManufacturing(int code) => code / 100 is >= 13 and <= 43;
        return new GeneratorTables(
            [.. classes.Where(IsManufacturing)],
            [.. classes.Where(c => !IsManufacturing(c) && producer.Contains(c))],
            [.. classes.Where(c => !IsManufacturing(c) && !producer.Contains(c))],
            tags,
            city);
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static IEnumerable<string> Column(string path, string name)
    {
        var records = CsvText.Parse(File.ReadAllText(path));
        var index = records[0].Fields.ToList().IndexOf(name);
        if (index < 0)
        {
            throw new InvalidDataException($"{path}: no column '{name}'");
        }

        return records.Skip(1).Select(r => r.Fields[index].Trim()).Where(v => v.Length > 0);
    }
}
