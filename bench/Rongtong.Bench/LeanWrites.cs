using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Rongtong.Bench;

/// <summary>
/// <c>load --lean</c>: the same lifecycles written straight to the web app's PostgreSQL tables, each write as one read
/// and one batch (one implicit transaction), the fewest statements the data model allows — no HTTP, no EF Core, no
/// rules. It measures what the database and a client would cost per write if the money core's persistence were
/// redesigned to the bone, and so whether the throughput target is within this data model's reach on this machine.
/// The rows are shaped like the app's: a guarantee row of every column, one audit entry per write with a JSON image
/// and its SHA-256 content hash (the app's chainer, running, chains them), the journal's entries and legs per event
/// (in force and fee 2 + 2, release 2, 代偿 12, re-guarantee 4, recovery 10 legs), the quota and book guards.
/// </summary>
internal static partial class LoadBench
{
    /// <summary>Parties and keys one lean client writes with.</summary>
    private sealed record LeanParties(Guid Bank, Guid Guarantor, Guid National, Guid Provincial, Guid User);

    private sealed class LeanKeys(int client)
    {
        private long _next = 1_000_000_000_000L + (client * 1_000_000_000L);

        public long Next() => _next++;
    }

    private static async Task<ClientRun> LeanClientAsync(Ctx ctx, NpgsqlDataSource db, int client, List<long> enterprises, LeanParties p, long amountFen, long end)
    {
        var samples = new List<Sample>(4096);
        var keys = new LeanKeys(client);
        int lifecycles = 0, released = 0, recovered = 0;
        var part = amountFen * 4 / 10;
        for (var n = 0; Stopwatch.GetTimestamp() < end && enterprises.Count > 0; n++)
        {
            var e = enterprises[n % enterprises.Count];
            var g = keys.Next();
            var number = $"L-{client}-{n}";
            var ok = await Lean(ctx, samples, "apply", db, async c =>
                {
                    await ReadAsync(c, """SELECT e."Id", q."ReservedFen" FROM "Enterprises" e LEFT JOIN "QuotaReservations" q ON q."EnterpriseId" = e."Id" WHERE e."Id" = $1""", e);
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """
                        INSERT INTO "Guarantees" ("Id","Number","EnterpriseId","BankId","GuarantorId","AmountFen","FeeRate","StartDate","EndDate","Unsecured","SmallMicroBorrower",
                          "RelatedGroup","Programmes","Status","AppliedBy","ReviewedBy","DecidedBy","DecisionNote","ExceedJustification","ExceedRecordedBy","ExceedApprovedBy",
                          "FeeExceptionBy","FeeExceptionNote","ChecksJson","QuotaReservedFen","BatchAgreementId","LoanId","OutstandingFen","DefaultedFen","CompensatedFen",
                          "RecoveredFen","FeeChargedFen","FeeCollectedFen","RateDiscountBp","AppliedOn","ApprovedOn","InForceOn","ReleasedOn","CompensatedOn","Version")
                        VALUES ($1,$2,$3,$4,$5,$6,0.008,$7,$8,TRUE,FALSE,'','',1,$9,NULL,NULL,'','',NULL,NULL,NULL,'',$10,0,NULL,NULL,0,0,0,0,0,0,0,$7,NULL,NULL,NULL,NULL,0)
                        """, g, number, e, p.Bank, p.Guarantor, amountFen, new DateOnly(2023, 7, 1), new DateOnly(2024, 7, 1), p.User,
                        """[{"rule":"P1","ok":true},{"rule":"P2","ok":true},{"rule":"P3","ok":true},{"rule":"P6","ok":true}]""");
                    AddAudit(b, p, "APPLY", g, "", $$"""{"Id":{{g}},"Number":"{{number}}","EnterpriseId":{{e}},"AmountFen":{{amountFen}},"Status":1}""");
                    await b.ExecuteNonQueryAsync();
                })
                && await Lean(ctx, samples, "review", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 2, "ReviewedBy" = $2, "DecisionNote" = '资料齐全', "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $3""", g, p.User, v);
                    AddAudit(b, p, "REVIEW", g, """{"Status":1}""", """{"Status":2,"DecisionNote":"资料齐全"}""");
                    await b.ExecuteNonQueryAsync();
                })
                && await Lean(ctx, samples, "decide", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 3, "DecidedBy" = $2, "ApprovedOn" = $4, "QuotaReservedFen" = $5, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $3""",
                        g, p.User, v, new DateOnly(2023, 7, 1), amountFen);
                    AddAudit(b, p, "DECIDE", g, """{"Status":2}""", $$"""{"Status":3,"ApprovedOn":"2023-07-01","QuotaReservedFen":{{amountFen}}}""");
                    // the guards last, as the app runs them at commit: the book's row is locked for the shortest time
                    Add(b, """
                        INSERT INTO "QuotaReservations" ("EnterpriseId","ReservedFen","Version") VALUES ($1,$2,0)
                        ON CONFLICT ("EnterpriseId") DO UPDATE SET "ReservedFen" = "QuotaReservations"."ReservedFen" + EXCLUDED."ReservedFen", "Version" = "QuotaReservations"."Version" + 1
                        WHERE "QuotaReservations"."ReservedFen" + EXCLUDED."ReservedFen" <= $3
                        """, e, amountFen, long.MaxValue / 2);
                    Add(b, """
                        UPDATE "GuarantorBooks" SET "WeightedLiabilityFen" = "WeightedLiabilityFen" + $2, "Version" = "Version" + 1 WHERE "GuarantorId" = $1
                        AND "WeightedLiabilityFen" + $2 + COALESCE((SELECT SUM("WeightedFen") FROM "GuarantorBookReleases" WHERE "GuarantorId" = $1), 0) <= $3
                        """, p.Guarantor, amountFen, long.MaxValue / 2);
                    await b.ExecuteNonQueryAsync();
                })
                && await Lean(ctx, samples, "letter", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 4, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $2""", g, v);
                    AddAudit(b, p, "LETTER", g, """{"Status":3}""", """{"Status":4}""");
                    await b.ExecuteNonQueryAsync();
                });
            long loan = 0;
            ok = ok && await Lean(ctx, samples, "loan", db, async c =>
            {
                var v = await ReadGuaranteeAsync(c, g);
                loan = keys.Next();
                await using var b = new NpgsqlBatch(c);
                Add(b, """
                    INSERT INTO "Loans" ("Id","BankId","EnterpriseId","Reference","PrincipalFen","OutstandingFen","AnnualRate","TermMonths","DisbursedOn","MaturesOn","Unsecured","FirstLoan",
                      "RenewsLoanId","Product","RateDiscountBp","State","Version") VALUES ($1,$2,$3,$4,$5,$5,0.04,12,$6,$7,TRUE,FALSE,NULL,'',0,'current',0)
                    """, loan, p.Bank, e, $"LL-{client}-{n}", amountFen, new DateOnly(2023, 7, 1), new DateOnly(2024, 7, 1));
                Add(b, """UPDATE "Guarantees" SET "Status" = 5, "LoanId" = $2, "OutstandingFen" = $3, "FeeChargedFen" = $4, "InForceOn" = $5, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $6""",
                    g, loan, amountFen, amountFen * 8 / 1000, new DateOnly(2023, 7, 1), v);
                AddEntry(b, keys, p, "GUARANTEE_IN_FORCE", number, g, [(p.Guarantor, 1, amountFen * 8 / 10), (p.Guarantor, 2, -amountFen * 8 / 10)]);
                AddEntry(b, keys, p, "FEE_CHARGED", number, g, [(p.Guarantor, 3, amountFen * 8 / 1000), (p.Guarantor, 4, -amountFen * 8 / 1000)]);
                AddAudit(b, p, "LOAN", g, """{"Status":4}""", $$"""{"Status":5,"LoanId":{{loan}},"OutstandingFen":{{amountFen}},"legs":[[1,{{amountFen}}],[2,-{{amountFen}}],[3,800],[4,-800]]}""");
                await b.ExecuteNonQueryAsync();
            })
            && await Lean(ctx, samples, "repay", db, async c => await LeanRepayAsync(c, keys, p, g, loan, number, part, amountFen - part));
            if (!ok)
            {
                continue;
            }

            lifecycles++;
            if (n % 4 == 3)
            {
                released += await Lean(ctx, samples, "repay", db, async c => await LeanRepayAsync(c, keys, p, g, loan, number, amountFen - part, 0)) ? 1 : 0;
                continue;
            }

            var loss = amountFen - part;
            if (await Lean(ctx, samples, "default", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Loans" SET "State" = 'defaulted', "Version" = "Version" + 1 WHERE "Id" = $1""", loan);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 7, "DefaultedFen" = $2, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $3""", g, loss, v);
                    AddAudit(b, p, "DEFAULT", g, """{"Status":5}""", $$"""{"Status":7,"DefaultedFen":{{loss}}}""");
                    await b.ExecuteNonQueryAsync();
                })
                && await Lean(ctx, samples, "compensate", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    long pays = loss * 8 / 10, nf = loss * 4 / 10, pr = loss * 2 / 10;
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 8, "CompensatedFen" = $2, "OutstandingFen" = 0, "CompensatedOn" = $3, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $4""",
                        g, pays, new DateOnly(2023, 9, 1), v);
                    Add(b, """UPDATE "GuarantorBookReleases" SET "WeightedFen" = "WeightedFen" - $3 WHERE "GuarantorId" = $1 AND "Slot" = $2""", p.Guarantor, client % 16, loss);
                    AddEntry(b, keys, p, "COMPENSATION", number, g,
                    [
                        (p.Guarantor, 5, pays), (p.Guarantor, 6, -pays), (p.Bank, 6, pays), (p.Bank, 7, -pays), (p.Guarantor, 8, nf + pr), (p.Guarantor, 5, -(nf + pr)),
                        (p.National, 5, nf), (p.National, 9, -nf), (p.Provincial, 5, pr), (p.Provincial, 9, -pr), (p.Guarantor, 2, loss), (p.Guarantor, 1, -loss),
                    ]);
                    AddAudit(b, p, "COMPENSATE", g, """{"Status":7}""", $$"""{"Status":8,"CompensatedFen":{{pays}},"legs":12}""");
                    await b.ExecuteNonQueryAsync();
                })
                && await Lean(ctx, samples, "confirm", db, async c => await LeanConfirmAsync(c, keys, p, p.National, g, number, loss * 4 / 10))
                && await Lean(ctx, samples, "confirm", db, async c => await LeanConfirmAsync(c, keys, p, p.Provincial, g, number, loss * 2 / 10))
                && await Lean(ctx, samples, "recover", db, async c =>
                {
                    var v = await ReadGuaranteeAsync(c, g);
                    const long r = 100_000;
                    await using var b = new NpgsqlBatch(c);
                    Add(b, """UPDATE "Guarantees" SET "Status" = 10, "RecoveredFen" = $2, "Version" = "Version" + 1 WHERE "Id" = $1 AND "Version" = $3""", g, r, v);
                    AddEntry(b, keys, p, "RECOVERY", number, g,
                    [
                        (p.Guarantor, 6, r), (p.Guarantor, 10, -r), (p.Guarantor, 10, r * 6 / 10), (p.Guarantor, 6, -(r * 6 / 10)), (p.National, 6, r * 4 / 10), (p.National, 11, -(r * 4 / 10)),
                        (p.Provincial, 6, r / 10), (p.Provincial, 11, -(r / 10)), (p.Bank, 6, r / 10), (p.Bank, 11, -(r / 10)),
                    ]);
                    AddAudit(b, p, "RECOVER", g, """{"Status":8}""", $$"""{"Status":10,"RecoveredFen":{{r}},"legs":10}""");
                    await b.ExecuteNonQueryAsync();
                }))
            {
                recovered++;
            }
        }

        return new ClientRun(samples, lifecycles, released, recovered);
    }

    private static async Task LeanRepayAsync(NpgsqlConnection c, LeanKeys keys, LeanParties p, long g, long loan, string number, long amount, long after)
    {
        await ReadAsync(c, """SELECT g."Version", g."OutstandingFen", l."OutstandingFen", l."Version" FROM "Guarantees" g JOIN "Loans" l ON l."Id" = g."LoanId" WHERE g."Id" = $1""", g);
        await using var b = new NpgsqlBatch(c);
        Add(b, """UPDATE "Loans" SET "OutstandingFen" = $2, "Version" = "Version" + 1 WHERE "Id" = $1""", loan, after);
        Add(b, """UPDATE "Guarantees" SET "OutstandingFen" = $2, "Status" = CASE WHEN $2 = 0 THEN 6 ELSE "Status" END, "Version" = "Version" + 1 WHERE "Id" = $1""", g, after);
        Add(b, """UPDATE "GuarantorBookReleases" SET "WeightedFen" = "WeightedFen" - $3 WHERE "GuarantorId" = $1 AND "Slot" = $2""", p.Guarantor, (int)(loan % 16), amount);
        AddEntry(b, keys, p, "GUARANTEE_RELEASED", number, g, [(p.Guarantor, 2, amount * 8 / 10), (p.Guarantor, 1, -(amount * 8 / 10))]);
        AddAudit(b, p, "REPAY", g, "{\"OutstandingFen\":1}", $$"""{"OutstandingFen":{{after}},"legs":[[2,{{amount}}],[1,-{{amount}}]]}""");
        await b.ExecuteNonQueryAsync();
    }

    private static async Task LeanConfirmAsync(NpgsqlConnection c, LeanKeys keys, LeanParties p, Guid reguarantor, long g, string number, long owed)
    {
        // What the re-guarantor owes and has paid: its legs on this guarantee, found through the guarantee's entries only
        // (a filter on the party lets the planner walk all of the party's legs, as the app once did).
        await ReadAsync(c, """
            SELECT coalesce(sum(CASE WHEN lp."PartyId" = $2 THEN lp."Fen" END), 0) FROM "LedgerPostings" lp
            WHERE lp."EntryId" = ANY(ARRAY(SELECT "Id" FROM "LedgerEntries" WHERE "GuaranteeId" = $1))
            """, g, reguarantor);
        await using var b = new NpgsqlBatch(c);
        AddEntry(b, keys, p, "REGUARANTEE_SETTLED", number, g, [(reguarantor, 9, owed), (reguarantor, 6, -owed), (p.Guarantor, 6, owed), (p.Guarantor, 8, -owed)]);
        AddAudit(b, p, "CONFIRM", g, "", $$"""{"owed":{{owed}},"legs":4}""");
        await b.ExecuteNonQueryAsync();
    }

    private static async Task<int> ReadGuaranteeAsync(NpgsqlConnection c, long g)
    {
        await using var command = new NpgsqlCommand("""SELECT * FROM "Guarantees" WHERE "Id" = $1""", c) { Parameters = { new() { Value = g } } };
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"guarantee {g} not found");
        }

        var values = new object[reader.FieldCount];
        reader.GetValues(values); // materialise the whole row, as a read of the entity would
        return reader.GetInt32(reader.GetOrdinal("Version"));
    }

    private static async Task ReadAsync(NpgsqlConnection c, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, c);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
        }
    }

    private static void Add(NpgsqlBatch b, string sql, params object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        }

        b.BatchCommands.Add(command);
    }

    /// <summary>A journal entry and all its legs: two statements (the legs as one multi-row insert from arrays).</summary>
    private static void AddEntry(NpgsqlBatch b, LeanKeys keys, LeanParties p, string type, string reference, long g, (Guid Party, int Purpose, long Fen)[] legs)
    {
        var entry = keys.Next();
        Add(b, """INSERT INTO "LedgerEntries" ("Id","EventType","BusinessDate","Reference","GuaranteeId","ReversalOf","UserId","PostedAt") VALUES ($1,$2,$3,$4,$5,NULL,$6,now())""",
            entry, type, new DateOnly(2023, 7, 1), reference, g, p.User);
        var ids = new long[legs.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = keys.Next();
        }

        var legsCommand = new NpgsqlBatchCommand("""INSERT INTO "LedgerPostings" ("Id","EntryId","PartyId","Purpose","Fen") SELECT i, $2, pa, pu, f FROM unnest($1::bigint[], $3::uuid[], $4::int[], $5::bigint[]) AS t(i, pa, pu, f)""");
        legsCommand.Parameters.Add(new NpgsqlParameter { Value = ids });
        legsCommand.Parameters.Add(new NpgsqlParameter { Value = entry });
        legsCommand.Parameters.Add(new NpgsqlParameter { Value = legs.Select(l => l.Party).ToArray() });
        legsCommand.Parameters.Add(new NpgsqlParameter { Value = legs.Select(l => l.Purpose).ToArray() });
        legsCommand.Parameters.Add(new NpgsqlParameter { Value = legs.Select(l => l.Fen).ToArray() });
        b.BatchCommands.Add(legsCommand);
    }

    /// <summary>One audit entry for the write, its content hash computed here (SHA-256 of its fields), chained later by the app's chainer.</summary>
    private static void AddAudit(NpgsqlBatch b, LeanParties p, string action, long g, string before, string after)
    {
        var at = TimeProvider.System.GetUtcNow();
        var key = g.ToString(CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', at.ToString("O", CultureInfo.InvariantCulture), p.User, p.Guarantor, action, "Guarantee", key, before, after))));
        Add(b, """INSERT INTO "Audit" ("At","UserId","OrganisationId","Action","Entity","EntityKey","Before","After","ContentHash","PreviousHash","Hash") VALUES ($1,$2,$3,$4,'Guarantee',$5,$6,$7,$8,'','')""",
            at, p.User, p.Guarantor, action, key, before, after, hash);
    }

    /// <summary>One lean write on a pooled connection: its latency counted if it started inside the measured window; a failure counted as a 5xx with its message.</summary>
    private static async Task<bool> Lean(Ctx ctx, List<Sample> samples, string step, NpgsqlDataSource db, Func<NpgsqlConnection, Task> write)
    {
        var t0 = Stopwatch.GetTimestamp();
        if (t0 >= ctx.MeasureTo)
        {
            return false;
        }

        var status = 200;
        try
        {
            await using var c = await db.OpenConnectionAsync();
            await write(c);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            status = 500;
            Interlocked.Increment(ref ctx.ServerErrors);
            ctx.ErrorBodies.Enqueue($"{step}: {e.Message}");
        }

        if (t0 >= ctx.MeasureFrom)
        {
            samples.Add(new Sample(step, Stopwatch.GetTimestamp() - t0, status));
        }

        return status == 200;
    }
}
