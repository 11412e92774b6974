using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;

namespace Rongtong.Application.Features.Demo;

/// <summary>One synthetic enterprise and its tax rows (yuan in 分, by year).</summary>
public sealed record DemoEnterprise(
    string Uscc, string Name, string IndustryCode, string KeyIndustry, string RegisteredRegion, string TaxRegion, string OperatingRegion,
    bool Outsourced, bool Counted, string Rating, bool HighTech, bool TechSme, IReadOnlyList<(int Year, long Fen)> Taxes);

/// <summary>
/// A seeded generator of Hangzhou-like registries: mostly Hangzhou districts, a third manufacturing, a
/// third producer services, some "5+3" tags, every rating, a few outsourced producers and missing tax
/// years. The same seed gives the same registry.
/// </summary>
public static class DemoRegistry
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly string[] OtherRegions = ["330203", "330302", "330402", "330502", "330602", "310101", "320102", "110105", "440305"];
    private static readonly string[] Prefixes = ["杭州", "浙江", "西湖", "钱江", "之江", "天目", "富春", "良渚", "运河", "湘湖"];
    private static readonly string[] Middles = ["智造", "数联", "云图", "恒达", "华创", "新材", "康健", "睿信", "远航", "青禾", "星辰", "汇通"];
    private static readonly string[] Suffixes = ["科技有限公司", "制造有限公司", "信息技术有限公司", "股份有限公司", "生物医药有限公司", "供应链管理有限公司"];

    public static IEnumerable<DemoEnterprise> Generate(int count, int seed, PolicyCatalog catalog, int lastTaxYear)
    {
        var random = new Random(seed);
        var tables = catalog.Tables;
        var classes = Enumerable.Range(0, 10000).Where(tables.IsIndustryClass).ToArray();
        var manufacturing = classes.Where(c => c / 100 is >= 13 and <= 43).ToArray();
        var producer = classes.Where(c => tables.IsProducerService(c) && c / 100 is < 13 or > 43).ToArray();
        var other = classes.Where(c => !tables.IsProducerService(c) && c / 100 is < 13 or > 43).ToArray();
        var districts = tables.CityDivisions.Where(d => d.Code != 330100).Select(d => d.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var tags = tables.KeyIndustryTags;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var inCity = random.NextDouble() < 0.85;
            var reg = inCity ? districts[random.Next(districts.Length)] : OtherRegions[random.Next(OtherRegions.Length)];
            var tax = random.NextDouble() < 0.95 ? reg : (inCity ? OtherRegions[random.Next(OtherRegions.Length)] : districts[random.Next(districts.Length)]);
            var ops = reg;
            var outsourced = false;
            var counted = false;
            if (random.NextDouble() < 0.06)
            {
                ops = OtherRegions[random.Next(OtherRegions.Length)];
                outsourced = random.NextDouble() < 0.6;
                counted = outsourced && random.NextDouble() < 0.8;
            }

            var roll = random.NextDouble();
            var industry = roll < 0.35 ? manufacturing[random.Next(manufacturing.Length)] : roll < 0.65 ? producer[random.Next(producer.Length)] : other[random.Next(other.Length)];
            var tag = random.NextDouble() < 0.2 ? tags[random.Next(tags.Count)].Tag : "";
            var r = random.NextDouble();
            var rating = r < 0.30 ? "A" : r < 0.65 ? "B" : r < 0.80 ? "M" : r < 0.90 ? "C" : r < 0.93 ? "D" : "";
            string uscc;
            do
            {
                var body = "91" + reg + new string([.. Enumerable.Range(0, 9).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
                uscc = body + Uscc.CheckCharacter(body);
            }
            while (!seen.Add(uscc));

            var name = $"{Prefixes[random.Next(Prefixes.Length)]}{Middles[random.Next(Middles.Length)]}{Middles[random.Next(Middles.Length)]}{Suffixes[random.Next(Suffixes.Length)]}";
            var scale = Math.Exp(random.NextDouble() * 9 + 9); // ~8,000 to ~65,000,000 fen
            var taxes = new List<(int, long)>();
            for (var y = lastTaxYear - 2; y <= lastTaxYear; y++)
            {
                if (random.NextDouble() < 0.03)
                {
                    continue; // a missing year
                }

                taxes.Add((y, (long)(scale * (0.8 + random.NextDouble() * 0.4)) * 100));
            }

            yield return new DemoEnterprise(uscc, name, IndustryCode.Format(industry), tag, reg, tax, ops, outsourced, counted, rating,
                random.NextDouble() < 0.15, random.NextDouble() < 0.2, taxes);
        }
    }
}
