using System.Text;
using Rongtong.Domain.Registry;

namespace Rongtong.Bench;

/// <summary>What is wrong with a deliberately invalid row (<c>--bad-rows</c>).</summary>
internal enum Defect : byte
{
    None = 0,
    BadCheckCharacter = 1,
    BadRegion = 2,
    DuplicateUscc = 3,
}

/// <summary>One synthetic enterprise with its tax rows; the generator refills one instance per row.</summary>
internal sealed class SyntheticEnterprise
{
    /// <summary>First tax year held in <see cref="TaxFen"/> (index 0); the window years follow.</summary>
    public const int FirstYear = 2019;

    public char[] Uscc { get; } = new char[Domain.Registry.Uscc.Length];

    public string Name { get; set; } = "";

    public int IndustryClass { get; set; }

    /// <summary>0 = no tag, else 1-based index into the key-industry tags (the catalog's tag index).</summary>
    public int TagIndex { get; set; }

    public int RegisteredRegion { get; set; }

    public int TaxRegion { get; set; }

    public int OperatingRegion { get; set; }

    public bool Outsourced { get; set; }

    public bool Counted { get; set; }

    /// <summary>'\0' for no rating, else A, B, M, C or D.</summary>
    public char Rating { get; set; }

    public bool HighTech { get; set; }

    public bool TechSme { get; set; }

    /// <summary>Bit k set when a tax row exists for year <see cref="FirstYear"/> + k.</summary>
    public int TaxYears { get; set; }

    public long[] TaxFen { get; } = new long[4];

    public Defect Defect { get; set; }
}

/// <summary>
/// A seeded synthetic market-regulation and tax registry with a realistic mix (see bench/README.md):
/// the same seed and options give the same rows, row for row.
/// </summary>
internal sealed class SyntheticRegistry
{
    private const string OrgAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private const ulong OrgSpace = 26_439_622_160_671UL; // 31^9

    // Outside Hangzhou: other Zhejiang cities and districts, then other provinces.
    private static readonly int[] Elsewhere =
    [
        330200, 330203, 330212, 330300, 330302, 330400, 330402, 330500, 330502, 330600, 330602, 330700, 330702, 331000,
        310101, 310104, 310115, 320102, 320505, 340104, 110105, 440305, 510107, 420106,
    ];

    private static readonly string[] Syllables =
    [
        "华", "新", "远", "恒", "瑞", "达", "泰", "盛", "鑫", "宏", "博", "创", "智", "联", "通", "启", "明", "德", "信", "安",
        "源", "海", "天", "云", "星", "辰", "景", "峰", "正", "元", "和", "嘉", "锐", "阳", "光", "乐", "美", "康", "健", "佳",
        "优", "金", "永", "长", "江", "湖", "山", "青", "绿", "蓝", "晨", "思", "腾", "飞", "越", "振", "兴", "合", "众", "立",
    ];

    private static readonly string[] Qualifiers = ["智能", "数字", "未来", "环球", "国际", "实业", "控股", "集团"];
    private static readonly string[] ManufacturingWords = ["机械制造", "电子科技", "精密机械", "新材料科技", "纺织", "服饰", "化工", "汽车零部件", "电气设备", "食品", "医疗器械", "包装材料", "智能装备"];
    private static readonly string[] ProducerWords = ["科技", "信息技术", "物流", "企业管理咨询", "检测技术", "供应链管理", "网络科技", "数据服务", "软件开发", "工业设计", "电子商务"];
    private static readonly string[] OtherWords = ["贸易", "餐饮管理", "文化传媒", "房地产开发", "农业开发", "商贸", "旅游开发", "教育咨询", "物业管理", "酒店管理", "生物医药"];
    private static readonly string[] Suffixes = ["有限公司", "股份有限公司", "有限责任公司"];
    private static readonly double[] SuffixWeights = [0.80, 0.95, 1.0];

    // Ratings A 30 %, B 35 %, M 15 %, C 10 %, D 3 %, none 7 %.
    private static readonly char[] Ratings = ['A', 'B', 'M', 'C', 'D', '\0'];
    private static readonly double[] RatingWeights = [0.30, 0.65, 0.80, 0.90, 0.93, 1.0];

    private readonly GeneratorTables _tables;
    private readonly SplitMix _rng;
    private readonly ulong _orgMultiplier;
    private readonly ulong _orgOffset;
    private readonly Dictionary<int, Defect> _defects = [];
    private readonly StringBuilder _name = new(32);
    private readonly char[] _previousUscc = new char[Uscc.Length];
    private readonly double[] _cityWeights;

    public SyntheticRegistry(GeneratorTables tables, ulong seed, int count, bool badRows)
    {
        _tables = tables;
        _rng = new SplitMix(seed);
        var setup = new SplitMix(seed ^ 0x5EED_0F_0BADUL);

        // org code = (i × multiplier + offset) mod 31^9 is a bijection when 31 ∤ multiplier: unique codes, no set needed.
        do
        {
            _orgMultiplier = (setup.NextUInt64() % (OrgSpace - 1)) + 1;
        }
        while (_orgMultiplier % 31 == 0);
        _orgOffset = setup.NextUInt64() % OrgSpace;

        // Districts weighted roughly by business density; the city-level code 330100 takes 2 %.
        _cityWeights = new double[tables.CityDivisions.Length + 1];
        var total = 0.0;
        for (var i = 0; i < tables.CityDivisions.Length; i++)
        {
            total += tables.CityDivisions[i] switch
            {
                330106 or 330108 or 330110 or 330109 => 3.0,
                330102 or 330105 or 330113 or 330114 => 2.0,
                _ => 1.0,
            };
            _cityWeights[i] = total;
        }

        _cityWeights[^1] = total / 0.98;

        if (badRows && count > 1)
        {
            var defects = Math.Max(3, count / 10_000);
            for (var k = 0; k < defects && _defects.Count < count - 1; k++)
            {
                int row;
                do
                {
                    row = 1 + setup.Next(count - 1);
                }
                while (_defects.ContainsKey(row));
                _defects[row] = (Defect)(1 + (k % 3));
            }
        }
    }

    public GeneratorTables Tables => _tables;

    /// <summary>Fills <paramref name="e"/> with row <paramref name="index"/> (rows must be generated in order 0, 1, 2, …).</summary>
    public void Fill(int index, SyntheticEnterprise e)
    {
        var rng = _rng;

        // Location: ~85 % registered in Hangzhou.
        var inCity = rng.Chance(0.85);
        e.RegisteredRegion = inCity ? CityRegion() : Elsewhere[rng.Next(Elsewhere.Length)];
        e.TaxRegion = rng.Chance(0.93)
            ? e.RegisteredRegion
            : rng.Chance(0.5) ? CityRegion() : Elsewhere[rng.Next(Elsewhere.Length)];
        e.Outsourced = false;
        e.Counted = false;
        if (rng.Chance(0.95))
        {
            e.OperatingRegion = e.RegisteredRegion;
            e.Outsourced = rng.Chance(0.01);
        }
        else
        {
            e.OperatingRegion = inCity && rng.Chance(0.8) ? Elsewhere[rng.Next(Elsewhere.Length)] : CityRegion();
            if (rng.Chance(0.4))
            {
                e.Outsourced = true;
                e.Counted = rng.Chance(0.75);
            }
        }

        // Sector: ~35 % manufacturing, ~30 % producer services, the rest other.
        var sector = rng.NextDouble();
        var pool = sector < 0.35 ? _tables.Manufacturing : sector < 0.65 ? _tables.ProducerServices : _tables.Other;
        e.IndustryClass = pool[rng.Next(pool.Length)];
        e.TagIndex = rng.Chance(0.80) ? 0 : 1 + rng.Next(_tables.KeyIndustryTags.Length);
        e.Rating = Ratings[rng.Pick(RatingWeights)];
        e.HighTech = rng.Chance(0.15);
        e.TechSme = rng.Chance(0.20);

        e.Name = Name(e.RegisteredRegion, sector < 0.35 ? ManufacturingWords : sector < 0.65 ? ProducerWords : OtherWords);
        WriteUscc(index, e.RegisteredRegion, e.Uscc);

        // Taxes: 2020–2022; ~3 % miss one year, ~1 % also have 2019.
        e.TaxYears = 0b1110;
        if (rng.Chance(0.03))
        {
            e.TaxYears &= ~(1 << (1 + rng.Next(3)));
        }

        if (rng.Chance(0.01))
        {
            e.TaxYears |= 1;
        }

        // Log-normal around ~200,000 yuan a year, a few zero, capped at 50,000,000.00.
        var scale = rng.NextGaussian();
        for (var k = 0; k < 4; k++)
        {
            if ((e.TaxYears & (1 << k)) == 0)
            {
                e.TaxFen[k] = 0;
                continue;
            }

            if (rng.Chance(0.02))
            {
                e.TaxFen[k] = 0;
                continue;
            }

            var yuan = Math.Exp(12.2 + (1.9 * scale) + (0.35 * rng.NextGaussian()));
            e.TaxFen[k] = Math.Min(5_000_000_000L, (long)Math.Round(yuan * 100.0));
        }

        e.Defect = _defects.GetValueOrDefault(index);
        switch (e.Defect)
        {
            case Defect.BadCheckCharacter:
                var at = OrgAlphabet.IndexOf(e.Uscc[17], StringComparison.Ordinal);
                e.Uscc[17] = OrgAlphabet[(at + 1 + rng.Next(OrgAlphabet.Length - 1)) % OrgAlphabet.Length];
                e.TaxYears = 0;
                break;
            case Defect.DuplicateUscc:
                Array.Copy(_previousUscc, e.Uscc, Uscc.Length);
                e.TaxYears = 0;
                break;
            case Defect.BadRegion:
            case Defect.None:
            default:
                Array.Copy(e.Uscc, _previousUscc, Uscc.Length);
                break;
        }
    }

    private int CityRegion()
    {
        var i = _rng.Pick(_cityWeights);
        return i < _tables.CityDivisions.Length ? _tables.CityDivisions[i] : 330100;
    }

    private void WriteUscc(int index, int region, char[] into)
    {
        into[0] = '9';
        into[1] = '1';
        for (int k = 7, r = region; k >= 2; k--, r /= 10)
        {
            into[k] = (char)('0' + (r % 10));
        }

        var org = (ulong)((((UInt128)(ulong)index * _orgMultiplier) + _orgOffset) % OrgSpace);
        for (var k = 16; k >= 8; k--)
        {
            into[k] = OrgAlphabet[(int)(org % 31)];
            org /= 31;
        }

        into[17] = Uscc.CheckCharacter(into.AsSpan(0, 17));
    }

    private string Name(int region, string[] words)
    {
        var rng = _rng;
        _name.Clear();
        _name.Append(CityName(region));
        var quoted = rng.Chance(0.0005);
        if (quoted)
        {
            _name.Append('"');
        }

        _name.Append(Syllables[rng.Next(Syllables.Length)]).Append(Syllables[rng.Next(Syllables.Length)]);
        if (rng.Chance(0.5))
        {
            _name.Append(Syllables[rng.Next(Syllables.Length)]);
        }

        if (quoted)
        {
            _name.Append('"');
        }

        if (rng.Chance(0.4))
        {
            _name.Append(Qualifiers[rng.Next(Qualifiers.Length)]);
        }

        _name.Append(words[rng.Next(words.Length)]).Append(Suffixes[rng.Pick(SuffixWeights)]);
        if (rng.Chance(0.001))
        {
            _name.Append(",第").Append(1 + rng.Next(9)).Append("分公司");
        }

        return _name.ToString();
    }

    private static string CityName(int region) => (region / 100) switch
    {
        3301 => "杭州",
        3302 => "宁波",
        3303 => "温州",
        3304 => "嘉兴",
        3305 => "湖州",
        3306 => "绍兴",
        3307 => "金华",
        3310 => "台州",
        3101 => "上海",
        3201 => "南京",
        3205 => "苏州",
        3401 => "合肥",
        1101 => "北京",
        4403 => "深圳",
        5101 => "成都",
        4201 => "武汉",
        _ => "浙江",
    };
}
