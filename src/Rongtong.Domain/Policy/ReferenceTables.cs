namespace Rongtong.Domain.Policy;

/// <summary>A "5+3" key-industry tag (一: "现代产业体系"中"5+3"重点产业).</summary>
public sealed record KeyIndustryTag(int Index, string Tag, string NameZh, string NameEn);

/// <summary>A GB/T 2260 division of the city, with its names.</summary>
public sealed record Division(int Code, string NameZh, string NameEn);

/// <summary>
/// Classification facts the rules look codes up in: GB/T 4754-2017 classes and divisions, the NBS
/// 生产性服务业统计分类(2019) membership of each class, the "5+3" tags and the city's divisions.
/// Lookups are flat arrays indexed by the 4-digit class so the batch rule stays branch-light.
/// </summary>
public sealed class ReferenceTables
{
    internal ReferenceTables(
        bool[] industryClasses,
        string?[] industryNames,
        string?[] divisionNames,
        char[] divisionSections,
        byte[] producerServiceCategory,
        IReadOnlyList<KeyIndustryTag> keyIndustryTags,
        IReadOnlyList<Division> cityDivisions)
    {
        IndustryClasses = industryClasses;
        _industryNames = industryNames;
        _divisionNames = divisionNames;
        _divisionSections = divisionSections;
        ProducerServiceCategory = producerServiceCategory;
        KeyIndustryTags = keyIndustryTags;
        CityDivisions = cityDivisions;
        _tagIndex = keyIndustryTags.ToDictionary(t => t.Tag, t => t.Index, StringComparer.Ordinal);
    }

    private readonly string?[] _industryNames;
    private readonly string?[] _divisionNames;
    private readonly char[] _divisionSections;
    private readonly Dictionary<string, int> _tagIndex;

    /// <summary>Indexed by 4-digit class code: true when the class exists in GB/T 4754-2017.</summary>
    public bool[] IndustryClasses { get; }

    /// <summary>Indexed by class code: 0 when not a producer service, else the 2019 category 1–10.</summary>
    public byte[] ProducerServiceCategory { get; }

    /// <summary>Tags with their 1-based index (0 means "no tag" in the batch columns).</summary>
    public IReadOnlyList<KeyIndustryTag> KeyIndustryTags { get; }

    public IReadOnlyList<Division> CityDivisions { get; }

    public bool IsIndustryClass(int code) => code is >= 0 and <= 9999 && IndustryClasses[code];

    public string? IndustryName(int code) => code is >= 0 and <= 9999 ? _industryNames[code] : null;

    public string? DivisionName(int division) => division is >= 0 and <= 99 ? _divisionNames[division] : null;

    public char Section(int division) => division is >= 0 and <= 99 ? _divisionSections[division] : '\0';

    public bool IsProducerService(int code) => code is >= 0 and <= 9999 && ProducerServiceCategory[code] != 0;

    /// <summary>The 1-based index of a tag, or -1 when it is not a known tag.</summary>
    public int TagIndex(string tag) => _tagIndex.TryGetValue(tag, out var i) ? i : -1;

    public int TagIndex(ReadOnlySpan<char> tag) =>
        _tagIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(tag, out var i) ? i : -1;
}
