using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Bench;

/// <summary>Fills <see cref="EnterpriseColumns"/> straight from the generator, as the CLI's reader would from the CSVs.</summary>
internal static class SyntheticColumns
{
    public static EnterpriseColumns Build(GeneratorTables tables, PolicyCatalog catalog, int count, ulong seed, int firstTaxYear, int taxYears)
    {
        var columns = new EnterpriseColumns(count) { Count = count };
        var registry = new SyntheticRegistry(tables, seed, count, badRows: false);
        var tagIndex = tables.KeyIndustryTags.Select(catalog.Tables.TagIndex).ToArray();
        var e = new SyntheticEnterprise();
        for (var i = 0; i < count; i++)
        {
            registry.Fill(i, e);
            columns.Tag[i] = (byte)(e.TagIndex == 0 ? 0 : tagIndex[e.TagIndex - 1]);
            columns.IndustryClass[i] = (short)e.IndustryClass;
            columns.RegisteredRegion[i] = e.RegisteredRegion;
            columns.TaxRegion[i] = e.TaxRegion;
            columns.OperatingRegion[i] = e.OperatingRegion;
            columns.Flags[i] = new EnterpriseFacts(0, 0, 0, 0, 0, e.Outsourced, e.Counted, default, e.HighTech, e.TechSme).Flags;
            columns.Rating[i] = (byte)(e.Rating switch
            {
                'A' => TaxRating.A,
                'B' => TaxRating.B,
                'M' => TaxRating.M,
                'C' => TaxRating.C,
                'D' => TaxRating.D,
                _ => TaxRating.None,
            });

            long sum = 0;
            var missing = false;
            for (var y = firstTaxYear; y < firstTaxYear + taxYears; y++)
            {
                var k = y - SyntheticEnterprise.FirstYear;
                if (k is < 0 or >= 4 || (e.TaxYears & (1 << k)) == 0)
                {
                    missing = true;
                    continue;
                }

                sum += e.TaxFen[k];
            }

            columns.TaxSumFen[i] = sum;
            columns.TaxMissing[i] = missing;
        }

        return columns;
    }
}
