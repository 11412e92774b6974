using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Credit;

/// <summary>A bank manages its own credit products (二(三)(四)) and its daily push capacity (P8).</summary>
public static class ManageProducts
{
    public sealed record Command(string Code, string Name, string ProductType, Domain.Money.Money MinAmount, Domain.Money.Money MaxAmount, int MinTermMonths, int MaxTermMonths,
        string IndustryPrefixes, string RegionPrefixes, bool KeyOnly, bool UnsecuredOk, decimal MinRate, decimal MaxRate, bool Active = true);

    public sealed class Handler(AppDbContext db)
    {
        /// <summary>Creates the product, or updates the bank's product with the same code.</summary>
        public async Task<BankProduct> Handle(Command c, CancellationToken ct = default)
        {
            var bank = Bank(db);
            new FieldChecks("PRODUCT_INVALID")
                .Check(!string.IsNullOrWhiteSpace(c.Code), "code", "required")
                .Check(!string.IsNullOrWhiteSpace(c.Name), "name", "required")
                .Check(ProductTypes.All.Contains(c.ProductType), "productType", $"one of {string.Join(", ", ProductTypes.All)}")
                .Check(c.MinAmount.Fen > 0, "minAmount", "must be positive")
                .Check(c.MinAmount <= c.MaxAmount, "maxAmount", "at least minAmount")
                .Check(c.MinTermMonths > 0, "minTermMonths", "must be positive")
                .Check(c.MinTermMonths <= c.MaxTermMonths, "maxTermMonths", "at least minTermMonths")
                .Check(c.MinRate >= 0, "minRate", "a decimal from 0 (0.04 = 4 %)")
                .Check(c.MinRate <= c.MaxRate && c.MaxRate <= 1, "maxRate", "a decimal from minRate to 1")
                .Check(Prefixes(c.IndustryPrefixes, 4), "industryPrefixes", "1–4 digits each, ';'-separated")
                .Check(Prefixes(c.RegionPrefixes, 6), "regionPrefixes", "1–6 digits each, ';'-separated")
                .ThrowIfAny();

            var p = await db.BankProducts.FirstOrDefaultAsync(x => x.BankId == bank && x.Code == c.Code.Trim(), ct);
            if (p is null)
            {
                p = new BankProduct { BankId = bank, Code = c.Code.Trim(), Name = c.Name.Trim(), ProductType = c.ProductType };
                db.BankProducts.Add(p);
            }

            p.Name = c.Name.Trim();
            p.ProductType = c.ProductType;
            p.MinAmountFen = c.MinAmount.Fen;
            p.MaxAmountFen = c.MaxAmount.Fen;
            p.MinTermMonths = c.MinTermMonths;
            p.MaxTermMonths = c.MaxTermMonths;
            p.IndustryPrefixes = Normalise(c.IndustryPrefixes);
            p.RegionPrefixes = Normalise(c.RegionPrefixes);
            p.KeyOnly = c.KeyOnly;
            p.UnsecuredOk = c.UnsecuredOk;
            p.MinRate = c.MinRate;
            p.MaxRate = c.MaxRate;
            p.Active = c.Active;
            await db.SaveChangesAsync(ct);
            return p;
        }
    }

    public sealed class CapacityHandler(AppDbContext db)
    {
        public async Task<BankCapacity> Handle(int dailyPushes, CancellationToken ct = default)
        {
            var bank = Bank(db);
            if (dailyPushes is < 0 or > 1_000_000)
            {
                throw DomainException.Field("CAPACITY_INVALID", "dailyPushes", "the daily push capacity is between 0 and 1,000,000");
            }

            var c = await db.BankCapacities.FirstOrDefaultAsync(x => x.BankId == bank, ct);
            if (c is null)
            {
                c = new BankCapacity { BankId = bank };
                db.BankCapacities.Add(c);
            }

            c.DailyPushes = dailyPushes;
            await db.SaveChangesAsync(ct);
            return c;
        }
    }

    private static Guid Bank(AppDbContext db)
    {
        if (db.Viewer.Kind != OrganisationKind.Bank || db.Viewer.OrganisationId is not { } bank)
        {
            throw new DomainException("FORBIDDEN", "a bank manages only its own products");
        }

        if (!db.Viewer.HasRole(Roles.Maker) && !db.Viewer.HasRole(Roles.Admin))
        {
            throw new DomainException("FORBIDDEN", "managing products needs the maker or admin role");
        }

        return bank;
    }

    private static bool Prefixes(string text, int maxLength) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(p => p.Length <= maxLength && p.All(char.IsAsciiDigit));

    private static string Normalise(string text) =>
        string.Join(';', text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());
}
