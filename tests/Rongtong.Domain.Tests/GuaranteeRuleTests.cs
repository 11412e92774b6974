using CsCheck;
using Rongtong.Domain.Guarantees;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Tests;

public class GuaranteeRuleTests
{
    private static readonly DateOnly AsOf = new(2023, 6, 30);
    private static Money.Money Y(string s) => Money.Money.Parse(s);

    [Theory]
    [InlineData("100.00", "0.00", "100.00", false, false, CheckOutcome.Pass, null)]
    [InlineData("100.00", "50.00", "50.00", false, false, CheckOutcome.Pass, null)]
    [InlineData("100.00", "50.00", "50.01", false, false, CheckOutcome.Refuse, QuotaCheck.Exceeded)]
    [InlineData("100.00", "50.00", "50.01", true, false, CheckOutcome.Refuse, QuotaCheck.ExceedableNeedsJustification)]
    [InlineData("100.00", "50.00", "50.01", true, true, CheckOutcome.Warn, QuotaCheck.ExceededJustified)]
    [InlineData("0.00", "0.00", "0.01", false, false, CheckOutcome.Refuse, QuotaCheck.Exceeded)]
    public void Quota_CapsOutstandingPlusNew(string quota, string outstanding, string amount, bool exceedable, bool justified, CheckOutcome outcome, string? reason)
    {
        var r = QuotaCheck.Evaluate(true, Y(quota), Y(outstanding), Y(amount), exceedable, justified);
        Assert.Equal(outcome, r.Outcome);
        Assert.Equal(reason, r.Reason);
        Assert.Equal("三(二)", r.Clause.Number);
    }

    [Fact]
    public void Quota_WhenNotKey_IsRefused() =>
        Assert.Equal(QuotaCheck.NotKey, QuotaCheck.Evaluate(false, null, Money.Money.Zero, Y("1.00"), true, true).Reason);

    [Theory]
    [InlineData("0.01", false, CheckOutcome.Pass)]
    [InlineData("0.0101", false, CheckOutcome.Refuse)]
    [InlineData("0.0101", true, CheckOutcome.Warn)]
    public void FeeRate_AboveTheCapNeedsTheRegulatorsException(string rate, bool exception, CheckOutcome outcome) =>
        Assert.Equal(outcome, FeeRateCheck.Evaluate(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), TestPolicy.Version, AsOf, exception).Outcome);

    [Fact]
    public void WeightedBalance_SmallMicroUnderFiveMillion_Counts75Percent()
    {
        var w = AmplificationCheck.WeightedBalance(
            [new(Y("4999999.99"), true), new(Y("5000000.00"), true), new(Y("1000000.00"), false)], TestPolicy.Version, AsOf);
        Assert.Equal(Y("4999999.99").Multiply(0.75m, Money.Rounding.HalfAwayFromZero) + Y("6000000.00"), w);
    }

    [Theory]
    [InlineData("800.00", "100.00", false, CheckOutcome.Pass)] // 8.0× of 10×
    [InlineData("900.00", "100.00", false, CheckOutcome.Warn)] // 9.0× = 90 % of 10×
    [InlineData("1000.00", "100.00", false, CheckOutcome.Warn)] // exactly 10×
    [InlineData("1000.01", "100.00", false, CheckOutcome.Refuse)]
    [InlineData("1400.00", "100.00", true, CheckOutcome.Warn)] // 14× of 15× (小微/三农 focus)
    [InlineData("1500.01", "100.00", true, CheckOutcome.Refuse)]
    [InlineData("1000004000.00", "100000000.00", false, CheckOutcome.Refuse)] // 10.00004×: past the cap, though it shows as 10.0000×
    [InlineData("1000000000.00", "100000000.00", false, CheckOutcome.Warn)] // exactly 10×
    [InlineData("0.00", "0.00", false, CheckOutcome.Pass)] // no book, no net assets
    [InlineData("0.01", "0.00", false, CheckOutcome.Refuse)]
    public void Amplification_WarnsAt90PercentAndRefusesPastTheCap(string weightedAfter, string netAssets, bool focus, CheckOutcome outcome)
    {
        // An added guarantee of zero isolates the multiple of the existing book.
        var r = AmplificationCheck.Evaluate(Y(weightedAfter), new LiabilityItem(Money.Money.Zero, false), Y(netAssets), focus, TestPolicy.Version, AsOf);
        Assert.Equal(outcome, r.Outcome);
    }

    [Fact]
    public void Amplification_MaxWeighted_IsExactlyTheLastBalanceTheCheckAllows() =>
        Gen.Select(Gen.Long[1, 100_000_000_000_000], Gen.Bool).Sample((netAssets, focus) =>
        {
            var max = AmplificationCheck.MaxWeighted(new Money.Money(netAssets), focus, TestPolicy.Version, AsOf);
            var none = new LiabilityItem(Money.Money.Zero, false);
            Assert.NotEqual(CheckOutcome.Refuse, AmplificationCheck.Evaluate(max, none, new Money.Money(netAssets), focus, TestPolicy.Version, AsOf).Outcome);
            Assert.Equal(CheckOutcome.Refuse, AmplificationCheck.Evaluate(max + new Money.Money(1), none, new Money.Money(netAssets), focus, TestPolicy.Version, AsOf).Outcome);
        });

    [Fact]
    public void SingleBorrower_Caps_AreTheLimitsTheCheckApplies() =>
        Gen.Long[0, 100_000_000_000_000].Sample(netAssets =>
        {
            var n = new Money.Money(netAssets);
            var (single, related) = SingleBorrowerCheck.Caps(n, TestPolicy.Version, AsOf);
            Assert.False(SingleBorrowerCheck.Evaluate(single, related, n, TestPolicy.Version, AsOf).Refused);
            Assert.Equal(SingleBorrowerCheck.Exceeded, SingleBorrowerCheck.Evaluate(single + new Money.Money(1), related + new Money.Money(1), n, TestPolicy.Version, AsOf).Reason);
            Assert.Equal(SingleBorrowerCheck.RelatedExceeded, SingleBorrowerCheck.Evaluate(single, related + new Money.Money(1), n, TestPolicy.Version, AsOf).Reason);
        });

    [Theory]
    [InlineData("10.00", "10.00", CheckOutcome.Pass, null)]
    [InlineData("10.01", "10.01", CheckOutcome.Refuse, SingleBorrowerCheck.Exceeded)]
    [InlineData("10.00", "15.00", CheckOutcome.Pass, null)]
    [InlineData("10.00", "15.01", CheckOutcome.Refuse, SingleBorrowerCheck.RelatedExceeded)]
    public void SingleBorrower_TenAndFifteenPercentOfNetAssets(string borrower, string group, CheckOutcome outcome, string? reason)
    {
        var r = SingleBorrowerCheck.Evaluate(Y(borrower), Y(group), Y("100.00"), TestPolicy.Version, AsOf);
        Assert.Equal(outcome, r.Outcome);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void CompensationCap_SharesAlwaysSumToTheLoss_AndTheExcessFallsOnTheGuarantor() =>
        Gen.Select(Gen.Long[0, 1_000_000_000], Gen.Long[0, 1_000_000_000], Gen.Long[1, 10_000_000_000], Gen.Int[0, 100]).Sample((loss, before, issued, capPercent) =>
        {
            var (shares, applied) = CompensationCap.Shares(new Money.Money(loss), capPercent / 100m, new Money.Money(before), new Money.Money(issued), TestPolicy.Version, AsOf);
            var room = Math.Max(0, (issued * capPercent / 100) - before);
            var shared = Math.Min(loss, room);
            var plain = RiskSharingRule.Split(new Money.Money(shared), TestPolicy.Version, AsOf);
            return shares.Total.Fen == loss
                && shares.Bank == plain.Bank && shares.NationalFund == plain.NationalFund && shares.ProvincialReguarantee == plain.ProvincialReguarantee
                && applied == (loss > room);
        });

    [Fact]
    public void Recovery_OfALossSharedByTheRatio_IsSplitByTheRatio() =>
        Gen.Select(Gen.Long[1, 10_000_000_000], Gen.Long[0, 10_000_000_000]).Sample((loss, recovered) =>
        {
            var borne = RiskSharingRule.Split(new Money.Money(loss), TestPolicy.Version, AsOf);
            var amount = new Money.Money(Math.Min(loss, recovered));
            return RiskSharingRule.SplitRecovery(amount, borne, TestPolicy.Version, AsOf) == RiskSharingRule.Split(amount, TestPolicy.Version, AsOf);
        });

    [Fact]
    public void Recovery_AfterTheCap_FollowsWhatEachPartyBore_AndNoOneRecoversMoreThanItLost() =>
        Gen.Select(Gen.Long[1, 1_000_000_000], Gen.Long[0, 1_000_000_000], Gen.Long[1, 10_000_000_000], Gen.Int[0, 100]).Select(Gen.Long[0, 1_000_000_000])
            .Sample((t, recovered) =>
            {
                var (loss, before, issued, capPercent) = t;
                var (borne, _) = CompensationCap.Shares(new Money.Money(loss), capPercent / 100m, new Money.Money(before), new Money.Money(issued), TestPolicy.Version, AsOf);
                var amount = new Money.Money(Math.Min(loss, recovered));
                var back = RiskSharingRule.SplitRecovery(amount, borne, TestPolicy.Version, AsOf);
                var whole = RiskSharingRule.SplitRecovery(borne.Total, borne, TestPolicy.Version, AsOf);
                return back.Total == amount
                    && back.Guarantor <= borne.Guarantor && back.NationalFund <= borne.NationalFund && back.ProvincialReguarantee <= borne.ProvincialReguarantee && back.Bank <= borne.Bank
                    && whole.Guarantor == borne.Guarantor && whole.NationalFund == borne.NationalFund && whole.ProvincialReguarantee == borne.ProvincialReguarantee && whole.Bank == borne.Bank;
            });

    [Fact]
    public void Recovery_OfALossTheGuarantorBoreAlone_GoesToTheGuarantorAlone()
    {
        // The cap was reached before this loss: the guarantor paid the bank all of it and no one else bore any.
        var (borne, applied) = CompensationCap.Shares(Y("1000000.00"), 0.01m, Y("10000.00"), Y("1000000.00"), TestPolicy.Version, AsOf);
        Assert.True(applied);
        Assert.Equal(Y("1000000.00"), borne.Guarantor);

        var back = RiskSharingRule.SplitRecovery(Y("1000000.00"), borne, TestPolicy.Version, AsOf);
        Assert.Equal([Y("1000000.00"), Money.Money.Zero, Money.Money.Zero, Money.Money.Zero], new[] { back.Guarantor, back.NationalFund, back.ProvincialReguarantee, back.Bank });
    }

    [Theory]
    [InlineData("2022-07-01", "2023-03-15", "2022-07-01")] // the agreement's first year, across 1 January
    [InlineData("2022-07-01", "2023-06-30", "2022-07-01")] // its last day
    [InlineData("2022-07-01", "2023-07-01", "2023-07-01")] // the anniversary opens the second year
    [InlineData("2022-07-01", "2022-07-01", "2022-07-01")]
    [InlineData("2024-02-29", "2025-02-28", "2025-02-28")] // a leap-day start: its anniversaries fall on 28 February
    [InlineData("2024-02-29", "2025-02-27", "2024-02-29")]
    public void CompensationCap_CountsTheAgreementYear_NotTheCalendarYear(string validFrom, string asOf, string start) =>
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            CompensationCap.AgreementYearStart(DateOnly.Parse(validFrom, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void CompensationCap_None_IsThePlainSplit()
    {
        var (shares, applied) = CompensationCap.Shares(Y("1000.00"), null, Money.Money.Zero, Money.Money.Zero, TestPolicy.Version, AsOf);
        Assert.False(applied);
        Assert.Equal(Y("400.00"), shares.Guarantor);
    }
}

public class LedgerTests
{
    private static readonly DateOnly Day = new(2023, 6, 30);
    private static readonly SchemeParties Parties = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void Entry_ThatDoesNotBalance_IsRefused()
    {
        var a = new AccountRef(Guid.NewGuid(), AccountPurpose.Cash);
        var b = new AccountRef(Guid.NewGuid(), AccountPurpose.Cash);
        Assert.Equal("LEDGER_UNBALANCED", Assert.Throws<DomainException>(() => JournalEntry.Create("X", Day, "r", [new(a, 100), new(b, -99)])).Code);
    }

    [Fact]
    public void Compensation_PaysTheBankLossLessItsShare_AndTheReguarantorsOweTheirs()
    {
        var shares = RiskSharingRule.Split(Money.Money.Parse("1000000.00"), TestPolicy.Version, Day);
        var e = GuaranteePostings.Compensation(Parties, "G-1", Day, shares, Money.Money.Parse("800000.00"));
        var balances = Balances.Of([e]);
        Assert.Equal(80_000_000, balances[new(Parties.Bank, AccountPurpose.Cash)]);
        Assert.Equal(-80_000_000, balances[new(Parties.Guarantor, AccountPurpose.Cash)]);
        Assert.Equal(40_000_000, balances[new(Parties.Guarantor, AccountPurpose.ReguaranteeReceivable)]);
        Assert.Equal(-20_000_000, balances[new(Parties.NationalFund, AccountPurpose.ReguaranteePayable)]);
        Assert.Equal(-20_000_000, balances[new(Parties.ProvincialReguarantor, AccountPurpose.ReguaranteePayable)]);
        Assert.Equal(40_000_000, balances[new(Parties.Guarantor, AccountPurpose.CompensationPaid)]); // the guarantor's own 40 %
        Assert.Equal(0, Balances.TrialBalance([e]));
    }

    [Fact]
    public void Reversal_UndoesEveryLeg()
    {
        var e = GuaranteePostings.FeeCharged(Parties, "G-1", Day, Money.Money.Parse("123.45"));
        Assert.All(Balances.Of([e, e.Reversal(Day)]).Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void AnySequenceOfEvents_KeepsTheTrialBalanceZero_AndSharesExact() =>
        Gen.Select(Gen.Int[0, 6], Gen.Long[1, 100_000_000_000]).List[1, 40].Sample(events =>
        {
            var entries = new List<JournalEntry>();
            foreach (var (kind, fen) in events)
            {
                var amount = new Money.Money(fen);
                var shares = RiskSharingRule.Split(amount, TestPolicy.Version, Day);
                entries.Add(kind switch
                {
                    0 => GuaranteePostings.InForce(Parties, "G", Day, shares),
                    1 => GuaranteePostings.Release(Parties, "G", Day, amount),
                    2 => GuaranteePostings.FeeCharged(Parties, "G", Day, amount),
                    3 => GuaranteePostings.FeeCollected(Parties, "G", Day, amount),
                    4 => GuaranteePostings.Compensation(Parties, "G", Day, shares, shares.GuarantorPaysBank),
                    5 => GuaranteePostings.Recovery(Parties, "G", Day, shares),
                    _ => GuaranteePostings.ReguaranteeSettled(Parties.NationalFund, Parties.Guarantor, "G", Day, shares.NationalFund),
                });
                if (shares.Total != amount)
                {
                    return false;
                }
            }

            return Balances.TrialBalance(entries) == 0 && Balances.Of(entries).Values.Sum() == 0;
        });
}
