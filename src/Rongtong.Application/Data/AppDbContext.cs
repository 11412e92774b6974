using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Rongtong.Application.Data;

/// <summary>
/// The one EF Core context of the platform. Provider-neutral: <see cref="SqliteAppDbContext"/> and
/// <see cref="PostgresAppDbContext"/> only carry their own migrations. Money columns are whole 分
/// (<see cref="long"/>); every mutable row has an int <c>Version</c> concurrency token; every write is
/// appended to the hash-chained audit log in the same transaction.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<EnterpriseChange> EnterpriseChanges => Set<EnterpriseChange>();

    public DbSet<TaxRecord> TaxRecords => Set<TaxRecord>();

    public DbSet<DeterminationRecord> Determinations => Set<DeterminationRecord>();

    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<ConsentAccess> ConsentAccesses => Set<ConsentAccess>();

    public DbSet<BusinessDateSetting> BusinessDates => Set<BusinessDateSetting>();

    public DbSet<ImportBatch> Imports => Set<ImportBatch>();

    public DbSet<ImportError> ImportErrors => Set<ImportError>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Guarantee> Guarantees => Set<Guarantee>();

    public DbSet<Loan> Loans => Set<Loan>();

    public DbSet<BatchAgreement> BatchAgreements => Set<BatchAgreement>();

    public DbSet<QuotaReservation> QuotaReservations => Set<QuotaReservation>();

    public DbSet<GuarantorBook> GuarantorBooks => Set<GuarantorBook>();

    public DbSet<GuarantorBookRelease> GuarantorBookReleases => Set<GuarantorBookRelease>();

    public DbSet<GuarantorBorrowerBook> GuarantorBorrowerBooks => Set<GuarantorBorrowerBook>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<LedgerPosting> LedgerPostings => Set<LedgerPosting>();

    public DbSet<BankProduct> BankProducts => Set<BankProduct>();

    public DbSet<BankCapacity> BankCapacities => Set<BankCapacity>();

    public DbSet<LoanDemand> LoanDemands => Set<LoanDemand>();

    public DbSet<DemandPush> DemandPushes => Set<DemandPush>();

    public DbSet<IpPledge> IpPledges => Set<IpPledge>();

    public DbSet<TechDeclarationRecord> TechDeclarations => Set<TechDeclarationRecord>();

    private Viewer _viewer = Viewer.System(DateOnly.MinValue);
    private Func<Viewer?>? _viewerSource;

    /// <summary>Who the queries are filtered for: the request's or circuit's viewer when a source is set, else the one assigned.</summary>
    public Viewer Viewer
    {
        get => _viewerSource?.Invoke() ?? _viewer;
        set => _viewer = value;
    }

    /// <summary>
    /// Readies a context for a new scope; <paramref name="viewerSource"/> gives the viewer at query time (the web
    /// host's request or circuit), else the one assigned to <see cref="Viewer"/> counts. Contexts are pooled and reused, so every lease goes through here and
    /// nothing of an earlier scope — its viewer, its clock, commit guards it registered — survives into the next.
    /// </summary>
    public AppDbContext ForScope(Func<Viewer?>? viewerSource, TimeProvider clock)
    {
        _viewer = Viewer.System(DateOnly.MinValue);
        _viewerSource = viewerSource;
        Clock = clock;
        _beforeCommit.Clear();
        return this;
    }

    /// <summary>Stamps audit entries; the rules never read it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    // Filter parameters: EF reads these per query from this instance.
    private bool ViewerSeesAll => Viewer.SeesAll;

    private Guid ViewerOrganisation => Viewer.OrganisationId ?? Guid.Empty;

    private long ViewerEnterprise => Viewer.EnterpriseId ?? -1;

    private DateOnly ViewerBusinessDate => Viewer.BusinessDate;

    /// <summary>The national fund and the provincial re-guarantor co-share every scheme guarantee (4222).</summary>
    private bool ViewerIsReguarantor => Viewer.Kind is OrganisationKind.NationalFund or OrganisationKind.ProvincialReguarantor;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Organisation>(e =>
        {
            e.HasIndex(o => o.Code).IsUnique();
            e.Property(o => o.Code).HasMaxLength(64);
            e.Property(o => o.Name).HasMaxLength(200);
        });

        builder.Entity<AppUser>().HasIndex(u => u.OrganisationId);

        builder.Entity<Enterprise>(e =>
        {
            e.HasIndex(x => x.Uscc).IsUnique();
            // Name search is a substring search, so no B-tree on Name: on PostgreSQL a GIN index on the names'
            // 3-character substrings (raw SQL in the RegistrySpeed migration); on SQLite a scan.
            e.HasIndex(x => x.RegisteredRegion);
            e.HasIndex(x => x.IndustryCode);
            e.Property(x => x.Uscc).HasMaxLength(18);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.IndustryCode).HasMaxLength(4);
            e.Property(x => x.RegisteredRegion).HasMaxLength(6);
            e.Property(x => x.TaxRegion).HasMaxLength(6);
            e.Property(x => x.OperatingRegion).HasMaxLength(6);
            e.HasMany(x => x.Consents).WithOne(c => c.Enterprise).HasForeignKey(c => c.EnterpriseId);
            e.HasQueryFilter(x => ViewerSeesAll || x.Id == ViewerEnterprise ||
                x.Consents.Any(c => c.GranteeOrganisationId == ViewerOrganisation && c.RevokedAt == null && c.ValidUntil >= ViewerBusinessDate));
        });

        builder.Entity<EnterpriseChange>(e =>
        {
            e.HasIndex(x => x.EnterpriseId);
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise);
        });

        builder.Entity<TaxRecord>(e =>
        {
            e.HasIndex(x => new { x.EnterpriseId, x.Year }).IsUnique();
            e.HasOne(x => x.Enterprise).WithMany().HasForeignKey(x => x.EnterpriseId);
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise ||
                x.Enterprise!.Consents.Any(c => c.GranteeOrganisationId == ViewerOrganisation && c.RevokedAt == null && c.ValidUntil >= ViewerBusinessDate && c.Scope.Contains("taxes")));
        });

        builder.Entity<DeterminationRecord>(e =>
        {
            e.HasIndex(x => new { x.EnterpriseId, x.AsOf }).IsUnique();
            // Covering for the search's key filter and its count (index-only).
            e.HasIndex(x => new { x.AsOf, x.IsKey, x.EnterpriseId });
            e.HasOne(x => x.Enterprise).WithMany().HasForeignKey(x => x.EnterpriseId);
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise ||
                x.Enterprise!.Consents.Any(c => c.GranteeOrganisationId == ViewerOrganisation && c.RevokedAt == null && c.ValidUntil >= ViewerBusinessDate && c.Scope.Contains("determinations")));
        });

        builder.Entity<Consent>(e =>
        {
            e.HasIndex(x => new { x.GranteeOrganisationId, x.EnterpriseId });
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise || x.GranteeOrganisationId == ViewerOrganisation);
        });

        builder.Entity<ConsentAccess>(e =>
        {
            e.HasIndex(x => x.EnterpriseId);
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise || x.OrganisationId == ViewerOrganisation);
        });

        builder.Entity<ImportBatch>(e => e.HasQueryFilter(x => ViewerSeesAll));
        builder.Entity<ImportError>(e =>
        {
            e.HasIndex(x => new { x.ImportId, x.Line });
            e.HasQueryFilter(x => ViewerSeesAll);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => x.Sequence).IsUnique();
            // The chainer's queue: only the few unchained entries, so finding them never walks the whole log.
            e.HasIndex(x => x.Id, "IX_Audit_Unchained").HasFilter("\"Sequence\" IS NULL");
            e.HasQueryFilter(x => ViewerSeesAll || x.OrganisationId == ViewerOrganisation);
        });

        builder.Entity<IdempotencyRecord>(e =>
        {
            e.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
        });

        builder.Entity<Guarantee>(e =>
        {
            // No index holds a column the lifecycle changes (status, amounts): every step's update can then be a
            // heap-only (HOT) update on PostgreSQL, which writes no index entries. Status filters read the party's rows.
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.EnterpriseId, x.GuarantorId }); // the concentration check's sum for the borrower
            e.HasIndex(x => new { x.GuarantorId, x.RelatedGroup }); // the guarantor's book; the related-party sum
            e.HasIndex(x => x.BankId);
            // A 见贷即保 agreement's guarantees (the 限率代偿 cap of a compensation sums them); only batch guarantees are in it.
            e.HasIndex(x => x.BatchAgreementId).HasFilter("\"BatchAgreementId\" IS NOT NULL");
            e.Property(x => x.FeeRate).HasPrecision(9, 6);
            e.HasOne(x => x.Enterprise).WithMany().HasForeignKey(x => x.EnterpriseId);
            // Parties, the re-guarantors and the regulator; other institutions only under the enterprise's live consent (credit profile, 二(二)).
            e.HasQueryFilter(x => ViewerSeesAll || ViewerIsReguarantor || x.BankId == ViewerOrganisation || x.GuarantorId == ViewerOrganisation || x.EnterpriseId == ViewerEnterprise ||
                Consents.Any(c => c.EnterpriseId == x.EnterpriseId && c.GranteeOrganisationId == ViewerOrganisation && c.RevokedAt == null && c.ValidUntil >= ViewerBusinessDate && c.Scope.Contains("guarantees")));
        });

        builder.Entity<Loan>(e =>
        {
            e.HasIndex(x => new { x.BankId, x.Reference }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.Property(x => x.AnnualRate).HasPrecision(9, 6);
            e.HasQueryFilter(x => ViewerSeesAll || x.BankId == ViewerOrganisation || x.EnterpriseId == ViewerEnterprise ||
                Guarantees.Any(g => g.LoanId == x.Id && g.GuarantorId == ViewerOrganisation) ||
                Consents.Any(c => c.EnterpriseId == x.EnterpriseId && c.GranteeOrganisationId == ViewerOrganisation && c.RevokedAt == null && c.ValidUntil >= ViewerBusinessDate && c.Scope.Contains("loans")));
        });

        builder.Entity<BatchAgreement>(e =>
        {
            e.Property(x => x.FeeRate).HasPrecision(9, 6);
            e.Property(x => x.CompensationRateCap).HasPrecision(9, 6);
            e.HasQueryFilter(x => ViewerSeesAll || x.BankId == ViewerOrganisation || x.GuarantorId == ViewerOrganisation);
        });

        builder.Entity<QuotaReservation>(e => e.HasKey(x => x.EnterpriseId));
        builder.Entity<GuarantorBook>(e => e.HasKey(x => x.GuarantorId));
        builder.Entity<GuarantorBookRelease>(e => e.HasKey(x => new { x.GuarantorId, x.Slot }));
        builder.Entity<GuarantorBorrowerBook>(e => e.HasKey(x => new { x.GuarantorId, x.EnterpriseId }));

        builder.Entity<LedgerEntry>(e =>
        {
            e.HasIndex(x => x.GuaranteeId);
            e.HasMany(x => x.Postings).WithOne().HasForeignKey(p => p.EntryId);
            e.HasQueryFilter(x => ViewerSeesAll || x.Postings.Any(p => p.PartyId == ViewerOrganisation));
        });

        builder.Entity<BankProduct>(e =>
        {
            e.HasIndex(x => new { x.BankId, x.Code }).IsUnique();
            e.Property(x => x.MinRate).HasPrecision(9, 6);
            e.Property(x => x.MaxRate).HasPrecision(9, 6);
            // Products are the banks' public offer: every signed-in institution and enterprise may read them.
        });

        builder.Entity<BankCapacity>(e => e.HasKey(x => x.BankId));

        builder.Entity<LoanDemand>(e =>
        {
            e.HasIndex(x => new { x.State, x.PostedOn });
            e.HasOne(x => x.Enterprise).WithMany().HasForeignKey(x => x.EnterpriseId);
            // A bank sees a demand only once it has been pushed to it.
            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise || DemandPushes.Any(p => p.DemandId == x.Id && p.BankId == ViewerOrganisation));
        });

        builder.Entity<DemandPush>(e =>
        {
            e.HasIndex(x => new { x.BankId, x.State });
            e.HasIndex(x => x.DemandId);
            e.Property(x => x.Fit).HasPrecision(9, 4);
            e.HasOne(x => x.Demand).WithMany().HasForeignKey(x => x.DemandId);
            // No navigation to the demand here: its own filter reads the pushes, and the two must not recurse.
            e.HasQueryFilter(x => ViewerSeesAll || x.BankId == ViewerOrganisation || x.EnterpriseId == ViewerEnterprise);
        });

        builder.Entity<IpPledge>(e =>
        {
            e.HasIndex(x => x.RegistrationNumber).IsUnique();
            e.HasQueryFilter(x => ViewerSeesAll || x.BankId == ViewerOrganisation || x.EnterpriseId == ViewerEnterprise);
        });

        builder.Entity<TechDeclarationRecord>(e =>
        {
            e.HasIndex(x => new { x.EnterpriseId, x.DeclaredOn });
            foreach (var p in new[] { nameof(TechDeclarationRecord.RdRatio), nameof(TechDeclarationRecord.RevenueGrowth), nameof(TechDeclarationRecord.DebtToAssetRatio), nameof(TechDeclarationRecord.MainBusinessShare) })
            {
                e.Property(p).HasPrecision(9, 4);
            }

            e.HasQueryFilter(x => ViewerSeesAll || x.EnterpriseId == ViewerEnterprise);
        });

        builder.Entity<LedgerPosting>(e =>
        {
            e.HasIndex(x => new { x.PartyId, x.Purpose });
            e.HasQueryFilter(x => ViewerSeesAll || x.PartyId == ViewerOrganisation);
        });

        // Every int "Version" property is an optimistic-concurrency token.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            var version = entity.FindProperty("Version");
            if (version is not null && version.ClrType == typeof(int))
            {
                version.IsConcurrencyToken = true;
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("use SaveChangesAsync: the audit chain is written asynchronously");

    private readonly List<CommitGuard> _beforeCommit = [];

    /// <summary>
    /// A guarded statement run inside the transaction of the next <see cref="SaveChangesAsync(bool, CancellationToken)"/>,
    /// after its writes and just before the commit — an atomic conditional update of a contended counter, so its row lock
    /// is held for as short a time as possible, or a re-read under such a lock. The guards of a unit of work go to the
    /// server together (<see cref="CommitGuard.FirstFailingAsync"/>). One that does not hold rolls the whole unit of work
    /// back with a <see cref="DbUpdateConcurrencyException"/>: the caller re-reads and decides again.
    /// </summary>
    public void BeforeCommit(CommitGuard guard) => _beforeCommit.Add(guard);

    /// <summary>Drops the commit guards registered for a unit of work that is being abandoned (a retry clears the change tracker too).</summary>
    public void DiscardBeforeCommit() => _beforeCommit.Clear();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected once, here: the audit walk and the saves below would each detect them again.
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SaveDetectedChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task<int> SaveDetectedChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var audited = new List<(EntityEntry Entry, string Action, string Before)>();
        var keysPending = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.State == EntityState.Modified && entry.Properties.FirstOrDefault(p => p.Metadata.Name == "Version") is { } v)
            {
                v.CurrentValue = (int)v.OriginalValue! + 1;
            }

            // A journal entry's legs are written with it and never change: they are recorded in its audit entry.
            // A guarantor's release slots and its borrowers' parts of its book are counters: the guarantee change that
            // moves one is audited.
            if (entry.Entity is AuditEntry or IdempotencyRecord or LedgerPosting or GuarantorBookRelease or GuarantorBorrowerBook)
            {
                continue;
            }

            var before = entry.State is EntityState.Modified or EntityState.Deleted ? Snapshot(entry, original: true) : "";
            audited.Add((entry, entry.State.ToString().ToUpperInvariant() switch { "ADDED" => "insert", "MODIFIED" => "update", _ => "delete" }, before));
            keysPending |= entry.State == EntityState.Added && entry.Metadata.FindPrimaryKey()!.Properties.Any(p => entry.Property(p.Name).IsTemporary);
        }

        var guards = _beforeCommit.ToList();
        _beforeCommit.Clear();
        if (audited.Count == 0 && guards.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The business change and its audit entries commit together. Entries are chained (sequence and
        // hash) afterwards by the single AuditChainer, so writers never wait on each other for the chain.
        // When every key is known (updates, deletes, client-generated keys) the entries go in the same batch
        // as the change: one round trip. Store-generated keys are read back first, then the entries written.
        var ownTransaction = Database.CurrentTransaction is null && (keysPending || guards.Count > 0);
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        int result;
        if (keysPending)
        {
            result = await base.SaveChangesAsync(false, cancellationToken);
            var entries = Describe(audited);
            ChangeTracker.AcceptAllChanges();
            Audit.AddRange(entries);
            await base.SaveChangesAsync(false, cancellationToken);
        }
        else
        {
            Audit.AddRange(Describe(audited));
            result = await base.SaveChangesAsync(false, cancellationToken) - audited.Count;
        }

        if (guards.Count > 0 && await CommitGuard.FirstFailingAsync(this, guards, cancellationToken) is { } failed)
        {
            // Disposing the transaction rolls the whole unit of work back.
            throw new DbUpdateConcurrencyException($"{failed.What} changed concurrently; nothing was saved");
        }

        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        ChangeTracker.AcceptAllChanges();
        return result;
    }

    /// <summary>The audit entries of the writes, once their keys are final and before the changes are accepted.</summary>
    private List<AuditEntry> Describe(List<(EntityEntry Entry, string Action, string Before)> audited)
    {
        var at = AuditChain.Truncate(Clock.GetUtcNow());
        return [.. audited.Select(a => AuditChain.WithContentHash(new AuditEntry
        {
            At = at,
            UserId = Viewer.UserId,
            OrganisationId = Viewer.OrganisationId,
            Action = a.Action,
            Entity = a.Entry.Metadata.ClrType.Name,
            EntityKey = string.Join("/", a.Entry.Metadata.FindPrimaryKey()!.Properties.Select(p => a.Entry.Property(p.Name).CurrentValue?.ToString())),
            Before = a.Before,
            After = a.Action == "delete" ? "" : Snapshot(a.Entry, original: false),
            PreviousHash = "",
            Hash = "",
        }))];
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.Name is "PasswordHash" or "SecurityStamp" or "ConcurrencyStamp" or "Body" or "InputsJson")
            {
                continue;
            }

            // An update records what changed: the old and the new values of the modified properties (and the version).
            if (entry.State == EntityState.Modified && !p.IsModified && p.Metadata.Name != "Version")
            {
                continue;
            }

            values[p.Metadata.Name] = original ? p.OriginalValue : p.CurrentValue;
        }

        if (!original && entry.Entity is LedgerEntry journal)
        {
            // A store-generated key is in the change tracker until the changes are accepted (the entity still holds 0).
            values[nameof(LedgerEntry.Postings)] = journal.Postings.Select(l => new { Id = entry.Context.Entry(l).Property(x => x.Id).CurrentValue, l.PartyId, l.Purpose, l.Fen }).ToList();
        }

        return JsonSerializer.Serialize(values);
    }
}

/// <summary>
/// The audit log's hash chain. Each entry's content is hashed as it is written (<see cref="AuditEntry.ContentHash"/>);
/// the chainer then links the entries in order: SHA-256 over the sequence, the previous entry's hash and the content
/// hash. So chaining reads and writes narrow rows, and verifying recomputes both hashes.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Microsecond precision, the finest both SQLite text and PostgreSQL timestamptz keep, so hashes verify after a round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>The hash of what the entry records: when, who, what, the values before and after.</summary>
    public static string ContentHashOf(AuditEntry e) => Sha256(Content(e));

    /// <summary>Sets the entry's content hash (as it is written).</summary>
    public static AuditEntry WithContentHash(AuditEntry e)
    {
        e.ContentHash = ContentHashOf(e);
        return e;
    }

    /// <summary>The chain hash an entry must carry at its place: over its sequence, the previous hash and its content hash.</summary>
    public static string HashOf(AuditEntry e) => e.ContentHash.Length == 0
        // Written before content hashes existed: the chain hash covers the content itself.
        ? Sha256(string.Join('\u001f', Number(e.Sequence), e.PreviousHash, Content(e)))
        : Link(e.Sequence, e.PreviousHash, e.ContentHash);

    /// <summary>The chain hash from the entry's place and its content hash.</summary>
    public static string Link(long? sequence, string previousHash, string contentHash) =>
        Sha256(string.Join('\u001f', Number(sequence), previousHash, contentHash));

    /// <summary>Whether the entry is as it was written: its content matches its content hash, and that its chain hash.</summary>
    public static bool Verifies(AuditEntry e) =>
        (e.ContentHash.Length == 0 || ContentHashOf(e) == e.ContentHash) && HashOf(e) == e.Hash;

    /// <summary>What the entry records, as the text that is hashed: when, who, what, the values before and after.</summary>
    private static string Content(AuditEntry e) => string.Join('\u001f',
        e.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        e.UserId?.ToString() ?? "", e.OrganisationId?.ToString() ?? "", e.Action, e.Entity, e.EntityKey, e.Before, e.After);

    private static string Number(long? sequence) => sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>SQLite flavour (embedded default); owns the SQLite migrations.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>
/// PostgreSQL flavour (production); owns the PostgreSQL migrations. The rows a guarantee write inserts
/// (guarantees, loans, journal entries and their postings) take their keys from a hi-lo sequence, so the
/// keys are known when the rows are added: the number of a guarantee, the postings of an entry and the audit
/// entries of the write then go to the server in one batch instead of waiting for each insert's key.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    /// <summary>The hi-lo sequence; each value reserves a block of <see cref="KeyBlock"/> keys for one process.</summary>
    public const string KeySequence = "rongtong_keys";

    public const int KeyBlock = 100;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(KeySequence).IncrementsBy(KeyBlock);
        // Room on each page for the new versions of rows the lifecycle updates step after step (heap-only updates).
        builder.Entity<Guarantee>().HasStorageParameter("fillfactor", 50);
        builder.Entity<Loan>().HasStorageParameter("fillfactor", 70);
        foreach (var type in new[] { typeof(Guarantee), typeof(Loan), typeof(LedgerEntry), typeof(LedgerPosting) })
        {
            builder.Entity(type).Property(nameof(Guarantee.Id)).UseHiLo(KeySequence);
        }
    }
}
