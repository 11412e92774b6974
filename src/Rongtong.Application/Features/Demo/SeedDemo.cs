using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Registry;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Demo;

/// <summary>
/// The demo world of INTERFACES.md: the organisations and demo accounts (password <c>Rongtong#2021</c>),
/// ~5,000 synthetic Hangzhou enterprises with three years of taxes, business date 2023-06-30, and their
/// determinations. Runs on the first start of an empty embedded database and on <c>rongtong demo seed</c>;
/// never on a production start.
/// </summary>
public static class SeedDemo
{
    public const string Password = "Rongtong#2021";
    public static readonly DateOnly BusinessDate = new(2023, 6, 30);

    public sealed record Command(int Enterprises = 5000, int Seed = 20210329);

    private static readonly int[] DemoTerms = [6, 12, 24, 36];

    public sealed record Account(string Email, string Organisation, string[] Roles);

    /// <summary>The demo organisations: code, kind, Chinese and English names, districts, net assets (yuan), 小微 focus.</summary>
    public static readonly (string Code, OrganisationKind Kind, string Name, string NameEn, string Districts, long NetAssetsYuan, bool Focus)[] Organisations =
    [
        ("HZ-FIN-REG", OrganisationKind.Regulator, "杭州市地方金融监督管理局", "Hangzhou Local Financial Supervision Bureau", "", 0, false),
        ("BANK-1", OrganisationKind.Bank, "杭州联合银行", "Hangzhou United Bank", "", 0, false),
        ("BANK-2", OrganisationKind.Bank, "钱塘商业银行", "Qiantang Commercial Bank", "", 0, false),
        ("GUAR-HZ", OrganisationKind.Guarantor, "杭州市融资担保集团", "Hangzhou Financing Guarantee Group",
            "330102;330105;330106;330108;330109;330110;330111;330112;330113;330114", 5_000_000_000, false),
        ("GUAR-TL", OrganisationKind.Guarantor, "桐庐县融资担保有限公司", "Tonglu County Financing Guarantee", "330122;330127;330182", 600_000_000, true),
        ("NFGF", OrganisationKind.NationalFund, "国家融资担保基金", "National Financing Guarantee Fund", "", 0, false),
        ("ZJ-REG", OrganisationKind.ProvincialReguarantor, "浙江省融资再担保有限公司", "Zhejiang Re-guarantee Co.", "", 0, false),
        ("BRIDGE-HZ", OrganisationKind.BridgePlatform, "杭州市转贷服务平台", "Hangzhou Bridge-loan Platform", "", 0, false),
        ("FUND-HZ", OrganisationKind.FundManager, "杭州市创新引领母基金管理公司", "Hangzhou Innovation Mother Fund Manager", "", 0, false),
        ("INS-1", OrganisationKind.Insurer, "西湖财产保险", "West Lake Property Insurance", "", 0, false),
    ];

    public static readonly Account[] Accounts =
    [
        new("regulator@demo.local", "HZ-FIN-REG", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("bank1@demo.local", "BANK-1", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("bank2@demo.local", "BANK-2", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("guarantor@demo.local", "GUAR-HZ", [Roles.Maker, Roles.Admin]),
        new("guarantor-checker@demo.local", "GUAR-HZ", [Roles.Checker]),
        new("guarantor-county@demo.local", "GUAR-TL", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("national-fund@demo.local", "NFGF", [Roles.Maker, Roles.Checker]),
        new("provincial@demo.local", "ZJ-REG", [Roles.Maker, Roles.Checker]),
        new("bridge@demo.local", "BRIDGE-HZ", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("fund@demo.local", "FUND-HZ", [Roles.Maker, Roles.Checker, Roles.Admin]),
        new("insurer@demo.local", "INS-1", [Roles.Maker, Roles.Checker]),
        new("enterprise1@demo.local", "ENT-1", [Roles.Maker, Roles.Admin]),
        new("enterprise2@demo.local", "ENT-2", [Roles.Maker, Roles.Admin]),
    ];

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, PolicyCatalog catalog, TimeProvider clock)
    {
        /// <summary>Seeds unless the database already holds organisations; returns what it did.</summary>
        public async Task<string> Handle(Command command, IProgress<double>? progress = null, CancellationToken ct = default)
        {
            if (await db.Organisations.AnyAsync(ct))
            {
                return "the database already holds data; nothing seeded";
            }

            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
                }
            }

            db.BusinessDates.Add(new BusinessDateSetting { Id = 1, BusinessDate = BusinessDate, SetAt = clock.GetUtcNow() });
            foreach (var o in Organisations)
            {
                db.Organisations.Add(new Organisation
                {
                    Id = Guid.CreateVersion7(), Code = o.Code, Kind = o.Kind, Name = o.Name, NameEn = o.NameEn, Districts = o.Districts,
                    NetAssetsFen = o.NetAssetsYuan * 100, SmallMicroFocus = o.Focus,
                });
            }

            await db.SaveChangesAsync(ct);
            Features.Platform.SetBusinessDate.Forget(db);

            // Registry and taxes through the bulk path.
            var generated = DemoRegistry.Generate(command.Enterprises, command.Seed, catalog, BusinessDate.Year - 1).ToList();
            var now = clock.GetUtcNow();
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await Bulk.InsertAsync(db, "Enterprises",
                    ["Uscc", "Name", "IndustryCode", "KeyIndustry", "RegisteredRegion", "TaxRegion", "OperatingRegion", "OutsourcedProduction", "OutputCountedInHangzhou", "TaxCreditRating", "HighTech", "TechSme", "UpdatedAt", "Version"],
                    [.. generated.Select(e => new object?[] { e.Uscc, e.Name, e.IndustryCode, e.KeyIndustry, e.RegisteredRegion, e.TaxRegion, e.OperatingRegion, e.Outsourced, e.Counted, e.Rating, e.HighTech, e.TechSme, now, 0 })], ct);
                await tx.CommitAsync(ct);
            }

            var ids = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Select(e => new { e.Id, e.Uscc }).ToDictionaryAsync(e => e.Uscc, e => e.Id, ct);
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await Bulk.InsertAsync(db, "TaxRecords", ["EnterpriseId", "Year", "TaxPaidFen", "Version"],
                    [.. generated.SelectMany(e => e.Taxes.Select(t => new object?[] { ids[e.Uscc], t.Year, t.Fen, 0 }))], ct);
                await tx.CommitAsync(ct);
            }

            // The two demo enterprises are the first two key enterprises of the registry.
            var determination = await new DetermineEnterprises.Handler(db, catalog, clock).Handle(new DetermineEnterprises.Command(BusinessDate), progress, ct);
            var keyIds = await db.Determinations.IgnoreQueryFilters().Where(d => d.AsOf == BusinessDate && d.IsKey).OrderBy(d => d.EnterpriseId).Select(d => d.EnterpriseId).Take(2).ToListAsync(ct);
            for (var k = 0; k < keyIds.Count; k++)
            {
                var enterprise = await db.Enterprises.IgnoreQueryFilters().FirstAsync(e => e.Id == keyIds[k], ct);
                db.Organisations.Add(new Organisation { Id = Guid.CreateVersion7(), Code = $"ENT-{k + 1}", Kind = OrganisationKind.Enterprise, Name = enterprise.Name, EnterpriseId = enterprise.Id });
            }

            await db.SaveChangesAsync(ct);

            var orgs = await db.Organisations.ToDictionaryAsync(o => o.Code, ct);
            foreach (var a in Accounts)
            {
                var org = orgs[a.Organisation];
                var user = new AppUser { Id = Guid.CreateVersion7(), UserName = a.Email, Email = a.Email, EmailConfirmed = true, OrganisationId = org.Id, DisplayName = a.Email.Split('@')[0] };
                Check(await users.CreateAsync(user, Password));
                Check(await users.AddToRolesAsync(user, a.Roles));
            }

            await SeedCreditAsync(orgs, ct);
            return $"seeded {Organisations.Length + 2} organisations, {Accounts.Length} accounts, {generated.Count} enterprises; determinations {DetermineEnterprises.Describe(determination)}";
        }

        /// <summary>Each demo bank's products and capacity, and open demands of key enterprises, so the batch push has work.</summary>
        private async Task SeedCreditAsync(Dictionary<string, Organisation> orgs, CancellationToken ct)
        {
            (string Code, string Name, string Type, long Min, long Max, int MinT, int MaxT, string Industry, string Region, bool KeyOnly, bool Unsecured)[] products =
            [
                ("MT-REVIEW", "中期流动资金贷款（内嵌年审）", "MEDIUM_TERM_ANNUAL_REVIEW", 1_000_000, 50_000_000, 13, 36, "", "3301", true, false),
                ("FIRST", "首贷通", "FIRST_LOAN", 100_000, 5_000_000, 6, 24, "", "3301", false, true),
                ("TECH", "科技积分贷", "TECH_POINTS_LOAN", 500_000, 10_000_000, 12, 36, "13;14;15;16;17;18;19;2;3;4;63;64;65;73", "3301", true, true),
                ("IP", "知识产权质押贷", "IP_PLEDGE", 1_000_000, 30_000_000, 12, 60, "2;3;4;65;73", "", false, false),
            ];
            foreach (var (bankCode, capacity) in new[] { ("BANK-1", 40), ("BANK-2", 25) })
            {
                var bank = orgs[bankCode];
                foreach (var p in products.Take(bankCode == "BANK-1" ? 4 : 3))
                {
                    db.BankProducts.Add(new BankProduct
                    {
                        BankId = bank.Id, Code = p.Code, Name = p.Name, ProductType = p.Type, MinAmountFen = p.Min * 100, MaxAmountFen = p.Max * 100, MinTermMonths = p.MinT, MaxTermMonths = p.MaxT,
                        IndustryPrefixes = p.Industry, RegionPrefixes = p.Region, KeyOnly = p.KeyOnly, UnsecuredOk = p.Unsecured, MinRate = 0.03m, MaxRate = 0.06m,
                    });
                }

                db.BankCapacities.Add(new BankCapacity { BankId = bank.Id, DailyPushes = capacity });
            }

            var random = new Random(2021);
            var keys = await db.Determinations.IgnoreQueryFilters().Where(d => d.AsOf == BusinessDate && d.IsKey).OrderBy(d => d.EnterpriseId).Select(d => d.EnterpriseId).Take(60).ToListAsync(ct);
            foreach (var id in keys)
            {
                db.LoanDemands.Add(new LoanDemand
                {
                    EnterpriseId = id, AmountFen = random.Next(5, 300) * 10_000_00L, TermMonths = DemoTerms[random.Next(DemoTerms.Length)], Unsecured = random.Next(3) == 0,
                    Purpose = "流动资金 / working capital", KeyEnterprise = true, PostedOn = BusinessDate, Source = "platform",
                });
            }

            await db.SaveChangesAsync(ct);
        }

        private static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
    }
}
