namespace Rongtong.Domain.Ledger;

/// <summary>What an account of a party is for. Debit-balance purposes are assets, claims and expenses.</summary>
public enum AccountPurpose
{
    /// <summary>Settlement cash of the party within the scheme.</summary>
    Cash = 1,

    /// <summary>Memo of guarantees in force (debit) against <see cref="GuaranteeLiability"/> (credit).</summary>
    GuaranteeExposure = 2,

    /// <summary>The guarantor's liability on guarantees in force: outstanding principal × (1 − bank share) (P4).</summary>
    GuaranteeLiability = 3,

    FeeReceivable = 4,
    FeeIncome = 5,

    /// <summary>代偿 paid by the guarantor to the bank, net of what re-guarantors owe it.</summary>
    CompensationPaid = 6,

    /// <summary>代偿 received by the bank.</summary>
    CompensationReceived = 7,

    /// <summary>再担保代偿 the national fund or the provincial re-guarantor owes the guarantor.</summary>
    ReguaranteeReceivable = 8,

    /// <summary>再担保代偿 a re-guarantor owes (credit) and pays.</summary>
    ReguaranteePayable = 9,

    /// <summary>追偿 proceeds the guarantor holds for distribution.</summary>
    RecoveryProceeds = 10,

    /// <summary>A co-sharer's part of recoveries.</summary>
    RecoveryIncome = 11,
}

/// <summary>An account: one party's purpose. Parties are organisations on the platform.</summary>
public readonly record struct AccountRef(Guid Party, AccountPurpose Purpose)
{
    public override string ToString() => $"{Purpose}@{Party}";
}

/// <summary>One leg of an entry: a debit is positive, a credit negative, in whole 分.</summary>
public readonly record struct Leg(AccountRef Account, long Fen);

/// <summary>
/// One business event's posting: several legs that sum to zero, posted atomically. Entries are never
/// edited; a correction is the <see cref="Reversal"/> of an entry, so every balance can be rebuilt from
/// the entries alone and the trial balance is always zero.
/// </summary>
public sealed record JournalEntry
{
    private JournalEntry(string eventType, DateOnly businessDate, string reference, IReadOnlyList<Leg> legs)
    {
        EventType = eventType;
        BusinessDate = businessDate;
        Reference = reference;
        Legs = legs;
    }

    public string EventType { get; }

    public DateOnly BusinessDate { get; }

    /// <summary>What the entry is about (e.g. a guarantee number).</summary>
    public string Reference { get; }

    public IReadOnlyList<Leg> Legs { get; }

    /// <exception cref="DomainException">The legs do not balance, or a leg is zero.</exception>
    public static JournalEntry Create(string eventType, DateOnly businessDate, string reference, IEnumerable<Leg> legs)
    {
        // Merge legs on the same account; drop what nets to zero.
        var merged = legs.GroupBy(l => l.Account).Select(g => new Leg(g.Key, g.Sum(l => l.Fen))).Where(l => l.Fen != 0).ToList();
        var sum = merged.Sum(l => l.Fen);
        if (sum != 0)
        {
            throw new DomainException("LEDGER_UNBALANCED", $"entry {eventType} {reference} does not balance: legs sum to {sum} 分");
        }

        if (merged.Count == 0)
        {
            throw new DomainException("LEDGER_EMPTY", $"entry {eventType} {reference} moves nothing");
        }

        return new JournalEntry(eventType, businessDate, reference, merged);
    }

    /// <summary>The entry that undoes this one (every leg negated).</summary>
    public JournalEntry Reversal(DateOnly businessDate) =>
        new("REVERSAL:" + EventType, businessDate, Reference, [.. Legs.Select(l => l with { Fen = -l.Fen })]);

    /// <summary>A transfer of <paramref name="fen"/> from <paramref name="credit"/> to <paramref name="debit"/>.</summary>
    public static IEnumerable<Leg> Pair(AccountRef debit, AccountRef credit, long fen) => [new(debit, fen), new(credit, -fen)];
}

/// <summary>Balances rebuilt from entries.</summary>
public static class Balances
{
    public static Dictionary<AccountRef, long> Of(IEnumerable<JournalEntry> entries)
    {
        var result = new Dictionary<AccountRef, long>();
        foreach (var leg in entries.SelectMany(e => e.Legs))
        {
            result[leg.Account] = result.GetValueOrDefault(leg.Account) + leg.Fen;
        }

        return result;
    }

    /// <summary>The sum of all balances: zero in a sound ledger.</summary>
    public static long TrialBalance(IEnumerable<JournalEntry> entries) => entries.SelectMany(e => e.Legs).Sum(l => l.Fen);
}
