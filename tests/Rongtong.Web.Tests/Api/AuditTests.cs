using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>The append-only, hash-chained audit log: every write is in it, and the chain verifies.</summary>
public abstract class AuditTests(RongtongApp app)
{
    [Fact]
    public async Task AWrite_AppearsInTheAuditLog_WithWhoAndWhat()
    {
        using var enterprise = await app.ClientAsync("enterprise1");
        using var regulator = await app.ClientAsync("regulator");
        var purpose = $"审计测试 {Guid.NewGuid():N}";
        var consent = await (await enterprise.PostJsonAsync("/api/v1/consents",
            new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-1"), scope = new[] { "registry" }, purpose, validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        var key = consent.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var entry = (await AuditAsync(regulator)).Single(a => a.GetProperty("entity").GetString() == "Consent" && a.GetProperty("entityKey").GetString() == key);

        Assert.Equal("insert", entry.GetProperty("action").GetString());
        Assert.Equal(await app.OrganisationIdAsync("ENT-1"), entry.GetProperty("organisationId").GetGuid());
        using (var after = JsonDocument.Parse(entry.GetProperty("after").GetString()!))
        {
            Assert.Equal(purpose, after.RootElement.GetProperty("Purpose").GetString());
        }

        Assert.Equal(64, entry.GetProperty("hash").GetString()!.Length);

        // The enterprise sees its own organisation's entries, a bank does not see them.
        Assert.Contains(await AuditAsync(enterprise), a => a.GetProperty("id").GetInt64() == entry.GetProperty("id").GetInt64());
        using var bank = await app.ClientAsync("bank2");
        Assert.DoesNotContain(await AuditAsync(bank), a => a.GetProperty("id").GetInt64() == entry.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task AnUpdate_KeepsTheValuesBeforeAndAfter()
    {
        using var enterprise = await app.ClientAsync("enterprise1");
        using var regulator = await app.ClientAsync("regulator");
        var consent = await (await enterprise.PostJsonAsync("/api/v1/consents",
            new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-2"), scope = new[] { "registry" }, purpose = "撤销审计", validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = consent.GetProperty("id").GetInt64();
        using var revoked = await enterprise.PostAsync($"/api/v1/consents/{id}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var update = (await AuditAsync(regulator)).Single(a => a.GetProperty("entity").GetString() == "Consent"
            && a.GetProperty("entityKey").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.GetProperty("action").GetString() == "update");

        using var before = JsonDocument.Parse(update.GetProperty("before").GetString()!);
        using var after = JsonDocument.Parse(update.GetProperty("after").GetString()!);
        Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("RevokedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, after.RootElement.GetProperty("RevokedAt").ValueKind);
    }

    [Fact]
    public async Task TheChain_VerifiesIntact()
    {
        using var regulator = await app.ClientAsync("regulator");

        var result = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("entries").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("firstBrokenId").ValueKind);
    }

    [Fact]
    public async Task AnEntryWrittenBeforeContentHashes_IsChainedWithOne_AndVerifies()
    {
        using var regulator = await app.ClientAsync("regulator");
        var id = await app.WithDatabaseAsync(async db =>
        {
            // As the log held entries before the content-hash column: no content hash, not yet chained.
            var legacy = new AuditEntry
            {
                At = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), Action = "update", Entity = "Consent", EntityKey = "legacy-" + Guid.NewGuid().ToString("N"),
                Before = "{\"Purpose\":\"旧\"}", After = "{\"Purpose\":\"新\"}", PreviousHash = "", Hash = "",
            };
            db.Audit.Add(legacy);
            await db.SaveChangesAsync();
            return legacy.Id;
        });

        var result = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(result.GetProperty("intact").GetBoolean(), result.ToString());
        var stored = await app.WithDatabaseAsync(db => db.Audit.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.NotNull(stored.Sequence);
        Assert.Equal(AuditChain.ContentHashOf(stored), stored.ContentHash);
        Assert.Equal(AuditChain.Link(stored.Sequence, stored.PreviousHash, stored.ContentHash), stored.Hash);
    }

    [Fact]
    public void AChainedEntryWithoutContentHash_VerifiesByItsContent_AndNotOnceAltered()
    {
        var entry = new AuditEntry
        {
            Sequence = 1, At = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), Action = "insert", Entity = "Consent", EntityKey = "7",
            After = "{\"Purpose\":\"审计\"}", PreviousHash = AuditChain.Genesis, Hash = "",
        };
        entry.Hash = AuditChain.HashOf(entry);
        Assert.True(AuditChain.Verifies(entry));

        entry.After = "{\"Purpose\":\"改\"}";

        Assert.False(AuditChain.Verifies(entry));
    }

    [Fact]
    public async Task WhileTheDatabaseHasAMigrationThisBuildDoesNotKnow_NothingIsChained_AndAfterwardsItIs()
    {
        // As if a node of a newer version had migrated the database: its history holds a migration this build lacks.
        const string future = "29991231000000_FromANewerVersion";
        await app.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""INSERT INTO "__ef_migrations" ("MigrationId", "ProductVersion") VALUES ({0}, '10.0.0')""", future));
        try
        {
            var (chained, id) = await app.WithDatabaseAsync(async db =>
            {
                var entry = new AuditEntry { At = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), Action = "update", Entity = "Consent", EntityKey = "newer-" + Guid.NewGuid().ToString("N"), PreviousHash = "", Hash = "" };
                db.Audit.Add(AuditChain.WithContentHash(entry));
                await db.SaveChangesAsync();
                return (await AuditChainer.ChainAsync(db), entry.Id);
            });

            Assert.Equal(0, chained);
            Assert.True(await app.WithDatabaseAsync(db => AuditChainer.SchemaIsNewerAsync(db)));
            Assert.Null(await app.WithDatabaseAsync(db => db.Audit.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Sequence).SingleAsync()));

            await app.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "__ef_migrations" WHERE "MigrationId" = {0}""", future));
            await app.WithDatabaseAsync(db => AuditChainer.ChainAsync(db));

            Assert.NotNull(await app.WithDatabaseAsync(db => db.Audit.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Sequence).SingleAsync()));
        }
        finally
        {
            await app.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "__ef_migrations" WHERE "MigrationId" = {0}""", future));
        }
    }

    /// <summary>Every entry the client may see, page by page.</summary>
    internal static async Task<List<JsonElement>> AuditAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await (await client.GetAsync($"/api/v1/audit?after={after}&take=1000")).ExpectAsync(HttpStatusCode.OK);
            var rows = page.EnumerateArray().ToList();
            if (rows.Count == 0)
            {
                return all;
            }

            all.AddRange(rows);
            after = rows[^1].GetProperty("id").GetInt64();
        }
    }
}

public sealed class SqliteAuditTests(SqliteApp app) : AuditTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuditTests(PostgresApp app) : AuditTests(app), IClassFixture<PostgresApp>;

/// <summary>Tampering with the stored log is found by verify; on a factory of its own so no other test sees the broken chain.</summary>
public abstract class AuditTamperTests(RongtongApp app)
{
    [Fact]
    public async Task ARowAlteredInTheDatabase_IsReportedByVerify_WithItsId()
    {
        using var regulator = await app.ClientAsync("regulator");
        using var enterprise = await app.ClientAsync("enterprise2");
        await (await enterprise.PostJsonAsync("/api/v1/consents",
            new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-1"), scope = new[] { "registry" }, purpose = "篡改测试", validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        var before = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(before.GetProperty("intact").GetBoolean(), before.ToString());
        var entries = await AuditTests.AuditAsync(regulator);
        var victim = entries.Last(a => a.GetProperty("entity").GetString() == "Consent").GetProperty("id").GetInt64();

        var changed = await app.WithDatabaseAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE \"Audit\" SET \"Action\" = 'delete' WHERE \"Id\" = {victim}"));
        Assert.Equal(1, changed);

        var after = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(after.GetProperty("intact").GetBoolean());
        Assert.Equal(victim, after.GetProperty("firstBrokenId").GetInt64());
        Assert.Contains(victim.ToString(System.Globalization.CultureInfo.InvariantCulture), after.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// A forger who alters an entry and writes its matching content hash is still found: the chain hash covers the
/// content hash. On a factory of its own, like the test above.
/// </summary>
public abstract class AuditForgeryTests(RongtongApp app)
{
    [Fact]
    public async Task ARowAlteredWithItsContentHashRecomputed_IsReportedByVerify()
    {
        using var regulator = await app.ClientAsync("regulator");
        using var enterprise = await app.ClientAsync("enterprise1");
        await (await enterprise.PostJsonAsync("/api/v1/consents",
            new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-2"), scope = new[] { "registry" }, purpose = "伪造测试", validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        var before = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(before.GetProperty("intact").GetBoolean(), before.ToString());
        var victim = (await AuditTests.AuditAsync(regulator)).Last(a => a.GetProperty("entity").GetString() == "Consent").GetProperty("id").GetInt64();

        var changed = await app.WithDatabaseAsync(async db =>
        {
            var row = await db.Audit.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == victim);
            row.Action = "delete";
            var forged = AuditChain.ContentHashOf(row);
            Assert.NotEqual(row.ContentHash, forged);
            return await db.Audit.IgnoreQueryFilters().Where(a => a.Id == victim)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Action, row.Action).SetProperty(a => a.ContentHash, forged));
        });
        Assert.Equal(1, changed);

        var after = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(after.GetProperty("intact").GetBoolean());
        Assert.Equal(victim, after.GetProperty("firstBrokenId").GetInt64());
    }
}

public sealed class SqliteAuditForgeryTests(SqliteApp app) : AuditForgeryTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuditForgeryTests(PostgresApp app) : AuditForgeryTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteAuditTamperTests(SqliteApp app) : AuditTamperTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuditTamperTests(PostgresApp app) : AuditTamperTests(app), IClassFixture<PostgresApp>;
