using System.Text.Json;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Credit;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Credit;

/// <summary>An enterprise declares its data and gets its 科技积分 score, stage and indicative credit line, with the breakdown (P9).</summary>
public static class DeclareTechPoints
{
    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        /// <summary>Scores the declaration (P9) and stores it with its score.</summary>
        public async Task<TechPointsScore> Handle(TechDeclaration d, CancellationToken ct = default)
        {
            var enterprise = db.Viewer.Kind == OrganisationKind.Enterprise && db.Viewer.EnterpriseId is { } e
                ? e
                : throw new DomainException("FORBIDDEN", "an enterprise declares its own data");
            new FieldChecks("DECLARATION_INVALID")
                .Check(d.HighValueIpCount >= 0, "highValueIpCount", "not negative")
                .Check(d.RdRatio is >= 0 and <= 10, "rdRatio", "a decimal from 0 to 10")
                .Check(d.DebtToAssetRatio is >= 0 and <= 10, "debtToAssetRatio", "a decimal from 0 to 10")
                .Check(d.MainBusinessShare is >= 0 and <= 1, "mainBusinessShare", "a decimal from 0 to 1")
                .Check(d.Revenue.Fen >= 0, "revenue", "not negative")
                .Check(d.RevenueGrowth is >= -1 and <= 100, "revenueGrowth", "a decimal from −1 (revenue gone) to 100")
                .ThrowIfAny();

            var (version, within) = catalog.Governing(db.Viewer.BusinessDate);
            var score = TechPointsRule.Score(d, version, within);
            var record = new TechDeclarationRecord
            {
                EnterpriseId = enterprise, DeclaredOn = db.Viewer.BusinessDate, HighValueIpCount = d.HighValueIpCount, RdRatio = d.RdRatio, RevenueGrowth = d.RevenueGrowth,
                DebtToAssetRatio = d.DebtToAssetRatio, StrategicEmergingIndustry = d.StrategicEmergingIndustry, MainBusinessShare = d.MainBusinessShare, RevenueFen = d.Revenue.Fen,
                Score = score.Total, Stage = score.Stage, IndicativeLineFen = score.IndicativeLine.Fen, BreakdownJson = JsonSerializer.Serialize(score.Items),
            };
            db.TechDeclarations.Add(record);
            await db.SaveChangesAsync(ct);
            return score;
        }
    }
}
