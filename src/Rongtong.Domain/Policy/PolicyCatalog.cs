using System.Globalization;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Text;

namespace Rongtong.Domain.Policy;

/// <summary>
/// Everything the rules read from the <c>policy/</c> data: the versions with their dated parameters,
/// the reference tables and the business-day calendar. Loading checks the data and refuses it with
/// the file and line of the first fault (overlapping periods, a value without a clause, a group of
/// shares that does not sum to 1, a missing required parameter).
/// </summary>
public sealed class PolicyCatalog
{
    public const string VersionsFile = "versions.csv";
    public const string HolidaysFile = "calendar/cn-holidays.csv";

    private PolicyCatalog(IReadOnlyList<PolicyVersion> versions, ReferenceTables tables, BusinessCalendar calendar)
    {
        Versions = versions;
        Tables = tables;
        Calendar = calendar;
    }

    public IReadOnlyList<PolicyVersion> Versions { get; }

    public ReferenceTables Tables { get; }

    public BusinessCalendar Calendar { get; }

    /// <summary>The version in force on <paramref name="asOf"/>, or null (POLICY_NOT_IN_FORCE).</summary>
    public PolicyVersion? VersionOn(DateOnly asOf)
    {
        foreach (var v in Versions)
        {
            if (v.Period.Contains(asOf))
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>
    /// The version whose parameters govern a step taken on <paramref name="asOf"/> — the one in force, else the
    /// latest that had started (a guarantee or a calculation outlives its policy) — and the day inside its
    /// period to read the parameters for.
    /// </summary>
    public (PolicyVersion Version, DateOnly Within) Governing(DateOnly asOf)
    {
        var version = VersionOn(asOf) ?? LatestStartedBy(asOf) ?? Versions[0];
        var within = asOf < version.Period.From ? version.Period.From : asOf > version.Period.To ? version.Period.To : asOf;
        return (version, within);
    }

    /// <summary>The latest version that started on or before <paramref name="asOf"/>, or null.</summary>
    public PolicyVersion? LatestStartedBy(DateOnly asOf) =>
        Versions.Where(v => v.Period.From <= asOf).MaxBy(v => v.Period.From);

    /// <summary>Loads the catalog; <paramref name="readText"/> returns a file's text by its path relative to the policy folder, or null when absent.</summary>
    /// <exception cref="PolicyDataException">The data is unusable; the message names file and line.</exception>
    public static PolicyCatalog Load(Func<string, string?> readText)
    {
        var tables = LoadTables(readText);
        var calendar = LoadCalendar(readText);
        var versions = new List<PolicyVersion>();
        var versionRows = ReadTable(readText, VersionsFile, ["version", "line", "title", "document_no", "from", "to", "clause", "quote"]);
        foreach (var row in versionRows)
        {
            var id = row.Required("version");
            var period = row.Period("from", "to");
            var clause = row.Clause();
            foreach (var earlier in versions)
            {
                if (earlier.Id == id)
                {
                    throw row.Error($"version '{id}' is listed twice");
                }

                if (earlier.Line == row.Required("line") && earlier.Period.Overlaps(period))
                {
                    throw row.Error($"version '{id}' ({period}) overlaps version '{earlier.Id}' ({earlier.Period}) of the same policy line");
                }
            }

            var parameters = LoadParameters(readText, id, period);
            versions.Add(new PolicyVersion(id, row.Required("line"), row.Required("title"), row.Required("document_no"), period, clause, parameters));
            CheckKeyIndustryTags(versions[^1], tables, $"{id}/parameters.csv");
        }

        if (versions.Count == 0)
        {
            throw new PolicyDataException(VersionsFile, 1, "no policy version is defined");
        }

        versions.Sort((a, b) => a.Period.From.CompareTo(b.Period.From));
        return new PolicyCatalog(versions, tables, calendar);
    }

    private static Dictionary<string, List<Parameter>> LoadParameters(Func<string, string?> readText, string versionId, DatePeriod versionPeriod)
    {
        var file = $"{versionId}/parameters.csv";
        var result = new Dictionary<string, List<Parameter>>(StringComparer.Ordinal);
        foreach (var row in ReadTable(readText, file, ["key", "value", "from", "to", "clause", "quote"]))
        {
            var key = row.Required("key");
            var value = row.Field("value");
            if (value.Length == 0)
            {
                throw row.Error($"parameter '{key}' has no value");
            }

            var from = row.Field("from");
            var to = row.Field("to");
            var period = from.Length == 0 && to.Length == 0 ? versionPeriod : row.Period("from", "to");
            if (!versionPeriod.Contains(period.From) || !versionPeriod.Contains(period.To))
            {
                throw row.Error($"parameter '{key}' period {period} lies outside version {versionId}'s period {versionPeriod}");
            }

            var clause = row.Field("clause").Length == 0 || row.Field("quote").Length == 0
                ? throw row.Error($"parameter '{key}' has no clause (number and quoted text are both required)")
                : row.Clause();
            if (!result.TryGetValue(key, out var list))
            {
                list = [];
                result[key] = list;
            }

            var clash = list.Find(p => p.Period.Overlaps(period));
            if (clash is not null)
            {
                throw row.Error($"parameter '{key}' period {period} overlaps the period {clash.Period} given on line {clash.Line}");
            }

            var parameter = new Parameter(key, value, period, clause, file, row.Line);
            _ = parameter.AsList(); // every value parses as text; typed checks follow below
            list.Add(parameter);
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => a.Period.From.CompareTo(b.Period.From));
        }

        foreach (var key in ParameterKeys.Required)
        {
            if (!result.TryGetValue(key, out var list))
            {
                throw new PolicyDataException(file, 1, $"required parameter '{key}' is missing");
            }

            var day = versionPeriod.From;
            foreach (var p in list)
            {
                if (p.Period.From != day)
                {
                    throw new PolicyDataException(file, p.Line, $"parameter '{key}' has no value from {day.ToText()} to {p.Period.From.AddDays(-1).ToText()}");
                }

                day = p.Period.To.AddDays(1);
            }

            if (day <= versionPeriod.To)
            {
                throw new PolicyDataException(file, list[^1].Line, $"parameter '{key}' has no value from {day.ToText()} to {versionPeriod.To.ToText()}");
            }
        }

        CheckTypes(result);
        CheckShareGroups(result);
        return result;
    }

    private static void CheckTypes(Dictionary<string, List<Parameter>> parameters)
    {
        foreach (var (key, list) in parameters)
        {
            foreach (var p in list)
            {
                if (key.EndsWith("_ratio", StringComparison.Ordinal) || key.EndsWith("_cap", StringComparison.Ordinal) ||
                    key.EndsWith("rate_first", StringComparison.Ordinal) || key.EndsWith("rate_after", StringComparison.Ordinal) ||
                    key.StartsWith("risk_share.", StringComparison.Ordinal) || key.Contains("_weights.", StringComparison.Ordinal) ||
                    key.StartsWith("amplification.weight", StringComparison.Ordinal))
                {
                    var d = p.AsDecimal();
                    if (d < 0)
                    {
                        throw new PolicyDataException(p.File, p.Line, $"parameter '{key}' must not be negative");
                    }
                }
                else if (key.EndsWith("_days", StringComparison.Ordinal) || key.EndsWith("_years", StringComparison.Ordinal) || key == ParameterKeys.PushK)
                {
                    if (p.AsInt() < 0)
                    {
                        throw new PolicyDataException(p.File, p.Line, $"parameter '{key}' must not be negative");
                    }
                }
                else if (key.EndsWith("_limit", StringComparison.Ordinal) || key.EndsWith("_ceiling", StringComparison.Ordinal) ||
                         key.EndsWith("_threshold", StringComparison.Ordinal) || key.EndsWith("_target", StringComparison.Ordinal) ||
                         key.EndsWith("_size", StringComparison.Ordinal) || key == ParameterKeys.BridgePerEnterpriseCap)
                {
                    _ = p.AsMoney();
                }
            }
        }

        foreach (var p in parameters.GetValueOrDefault(ParameterKeys.QuotaTaxYears) ?? [])
        {
            if (p.AsInt() is < 1 or > 8)
            {
                throw new PolicyDataException(p.File, p.Line, $"parameter '{p.Key}' must be between 1 and 8 years");
            }
        }
    }

    /// <summary>Keys <c>group.member</c> where the group ends in <c>_share</c> or <c>_weights</c> must sum to exactly 1 on every day.</summary>
    private static void CheckShareGroups(Dictionary<string, List<Parameter>> parameters)
    {
        var groups = parameters.Keys
            .Where(k => k.Contains('.', StringComparison.Ordinal))
            .GroupBy(k => k[..k.LastIndexOf('.')], StringComparer.Ordinal)
            .Where(g => g.Key.EndsWith("_share", StringComparison.Ordinal) || g.Key.EndsWith("_weights", StringComparison.Ordinal));
        foreach (var group in groups)
        {
            var members = group.SelectMany(k => parameters[k]).ToList();
            foreach (var day in members.Select(p => p.Period.From).Distinct())
            {
                var inForce = members.Where(p => p.Period.Contains(day)).ToList();
                var sum = inForce.Sum(p => p.AsDecimal());
                if (sum != 1m)
                {
                    var last = inForce.MaxBy(p => p.Line)!;
                    throw new PolicyDataException(last.File, last.Line,
                        string.Create(CultureInfo.InvariantCulture, $"the shares of '{group.Key}' in force on {day.ToText()} sum to {sum}, not 1"));
                }
            }
        }
    }

    private static void CheckKeyIndustryTags(PolicyVersion version, ReferenceTables tables, string file)
    {
        foreach (var p in version.History(ParameterKeys.KeyIndustryTags))
        {
            foreach (var tag in p.AsList())
            {
                if (tables.TagIndex(tag) < 0)
                {
                    throw new PolicyDataException(file, p.Line, $"'{tag}' is not a tag of tables/key-industries.csv");
                }
            }
        }
    }

    private static ReferenceTables LoadTables(Func<string, string?> readText)
    {
        var divisionNames = new string?[100];
        var sections = new char[100];
        foreach (var row in ReadTable(readText, "tables/gbt4754-2017-divisions.csv", ["division", "section", "name"]))
        {
            var d = row.Int("division", 1, 99);
            var section = row.Required("section");
            if (section.Length != 1 || section[0] is < 'A' or > 'T')
            {
                throw row.Error($"section '{section}' is not a letter A-T");
            }

            if (divisionNames[d] is not null)
            {
                throw row.Error($"division {d:00} is listed twice");
            }

            divisionNames[d] = row.Required("name");
            sections[d] = section[0];
        }

        var classes = new bool[10000];
        var names = new string?[10000];
        foreach (var row in ReadTable(readText, "tables/gbt4754-2017-classes.csv", ["code", "name"]))
        {
            var code = row.IndustryClass("code");
            if (divisionNames[code / 100] is null)
            {
                throw row.Error($"class {code:0000} lies in no division of gbt4754-2017-divisions.csv");
            }

            if (classes[code])
            {
                throw row.Error($"class {code:0000} is listed twice");
            }

            classes[code] = true;
            names[code] = row.Required("name");
        }

        var producer = new byte[10000];
        foreach (var row in ReadTable(readText, "tables/producer-services.csv", ["code", "category", "name"]))
        {
            var code = row.IndustryClass("code");
            if (!classes[code])
            {
                throw row.Error($"class {code:0000} is not a GB/T 4754-2017 class");
            }

            if (producer[code] != 0)
            {
                throw row.Error($"class {code:0000} is listed twice");
            }

            producer[code] = (byte)row.Int("category", 1, 10);
        }

        var tags = new List<KeyIndustryTag>();
        foreach (var row in ReadTable(readText, "tables/key-industries.csv", ["tag", "name_zh", "name_en"]))
        {
            var tag = row.Required("tag");
            if (tags.Exists(t => t.Tag == tag))
            {
                throw row.Error($"tag '{tag}' is listed twice");
            }

            tags.Add(new KeyIndustryTag(tags.Count + 1, tag, row.Required("name_zh"), row.Required("name_en")));
        }

        var cityDivisions = new List<Division>();
        foreach (var row in ReadTable(readText, "tables/hangzhou-divisions.csv", ["code", "name_zh", "name_en"]))
        {
            var code = Registry.RegionCode.Parse(row.Required("code"));
            if (code < 0)
            {
                throw row.Error($"'{row.Field("code")}' is not a 6-digit division code");
            }

            cityDivisions.Add(new Division(code, row.Required("name_zh"), row.Required("name_en")));
        }

        return new ReferenceTables(classes, names, divisionNames, sections, producer, tags, cityDivisions);
    }

    private static BusinessCalendar LoadCalendar(Func<string, string?> readText)
    {
        var off = new List<DateOnly>();
        var work = new List<DateOnly>();
        var seen = new HashSet<DateOnly>();
        foreach (var row in ReadTable(readText, HolidaysFile, ["date", "kind", "name"]))
        {
            var date = row.Date("date");
            if (!seen.Add(date))
            {
                throw row.Error($"{date.ToText()} is listed twice");
            }

            switch (row.Required("kind"))
            {
                case "off":
                    off.Add(date);
                    break;
                case "workday":
                    if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    {
                        throw row.Error($"adjusted working day {date.ToText()} is not a Saturday or Sunday");
                    }

                    work.Add(date);
                    break;
                default:
                    throw row.Error($"kind '{row.Field("kind")}' must be 'off' or 'workday'");
            }
        }

        var all = off.Concat(work).ToList();
        var coverage = all.Count == 0
            ? new DatePeriod(DateOnly.MinValue, DateOnly.MinValue)
            : new DatePeriod(new DateOnly(all.Min().Year, 1, 1), new DateOnly(all.Max().Year, 12, 31));
        return new BusinessCalendar(off, work, coverage);
    }

    private static List<Row> ReadTable(Func<string, string?> readText, string file, string[] columns)
    {
        var text = readText(file) ?? throw new PolicyDataException(file, 0, "file is missing");
        List<CsvRecord> records;
        try
        {
            records = CsvText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new PolicyDataException(file, 0, e.Message);
        }

        if (records.Count == 0)
        {
            throw new PolicyDataException(file, 1, "file is empty (a header row is required)");
        }

        var header = records[0].Fields;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            index[header[i].Trim()] = i;
        }

        foreach (var c in columns)
        {
            if (!index.ContainsKey(c))
            {
                throw new PolicyDataException(file, 1, $"column '{c}' is missing from the header");
            }
        }

        var rows = new List<Row>(records.Count - 1);
        foreach (var r in records.Skip(1))
        {
            if (r.Fields.Count != header.Count)
            {
                throw new PolicyDataException(file, r.Line, $"{r.Fields.Count} fields where the header has {header.Count}");
            }

            rows.Add(new Row(file, r.Line, r.Fields, index));
        }

        return rows;
    }

    private sealed record Row(string File, int Line, IReadOnlyList<string> Fields, Dictionary<string, int> Index)
    {
        public string Field(string name) => Fields[Index[name]].Trim();

        public string Required(string name)
        {
            var v = Field(name);
            return v.Length > 0 ? v : throw Error($"'{name}' is empty");
        }

        public PolicyDataException Error(string message) => new(File, Line, message);

        public DateOnly Date(string name) =>
            Dates.TryParse(Required(name), out var d, out var error) ? d : throw Error($"'{name}': {error}");

        public DatePeriod Period(string fromName, string toName)
        {
            var from = Date(fromName);
            var to = Date(toName);
            return from <= to ? new DatePeriod(from, to) : throw Error($"period ends ({to.ToText()}) before it starts ({from.ToText()})");
        }

        public int Int(string name, int min, int max) =>
            int.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw Error($"'{name}' must be an integer {min}..{max}, not '{Field(name)}'");

        public int IndustryClass(string name)
        {
            var code = Registry.IndustryCode.Parse(Required(name));
            return code >= 0 ? code : throw Error($"'{Field(name)}' is not a 4-digit GB/T 4754-2017 class code");
        }

        public Clause Clause() => new(Required("clause"), Required("quote"));
    }
}
