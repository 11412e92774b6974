namespace Rongtong.Domain.Rules;

/// <summary>Which branch of the sector test of 一 made the enterprise eligible, first that holds in this order.</summary>
public enum SectorBasis : byte
{
    None = 0,
    KeyIndustry = 1,
    Manufacturing = 2,
    ProducerService = 3,
}

public static class SectorBases
{
    public static string Code(SectorBasis basis) => basis switch
    {
        SectorBasis.KeyIndustry => "KEY_INDUSTRY",
        SectorBasis.Manufacturing => "MANUFACTURING",
        SectorBasis.ProducerService => "PRODUCER_SERVICE",
        _ => "NONE",
    };
}

/// <summary>纳税信用等级 (tax credit rating); <see cref="None"/> when the enterprise has none.</summary>
public enum TaxRating : byte
{
    None = 0,
    A = 1,
    B = 2,
    M = 3,
    C = 4,
    D = 5,
}
