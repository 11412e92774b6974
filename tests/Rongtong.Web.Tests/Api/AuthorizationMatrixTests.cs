using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Application.Features.Demo;
using Rongtong.Web.Hosting;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// Every operation of the OpenAPI document × every demo account and anonymous. Path parameters name
/// things of particular organisations (ENT-2's enterprise, a consent ENT-2 gave BANK-2, the regulator's
/// import, a guarantee BANK-2 applied for ENT-2 with GUAR-HZ), so "allowed" also means "is that one's
/// party"; everyone else must get 403 or 404. The table below declares who may call what: an endpoint
/// added without an entry here fails the test, so whoever adds one states its access.
/// </summary>
public abstract class AuthorizationMatrixTests(RongtongApp app)
{
    private const string Anonymous = "anonymous";

    /// <summary>Every seeded account (INTERFACES.md's nine and the extra checker, re-guarantor and insurer accounts).</summary>
    private static readonly string[] SignedIn = [.. SeedDemo.Accounts.Select(a => a.Email.Split('@')[0])];
    private static readonly string[] Roles = [.. SignedIn, Anonymous];
    private static readonly string[] Everyone = Roles;
    private static readonly string[] Admins = [.. SeedDemo.Accounts.Where(a => a.Roles.Contains(Rongtong.Application.Data.Roles.Admin)).Select(a => a.Email.Split('@')[0])];
    private static readonly string[] Regulator = ["regulator"];
    private static readonly string[] Enterprises = ["enterprise1", "enterprise2"];

    /// <summary>The parties of the sample guarantee (BANK-2 for ENT-2 with GUAR-HZ), the re-guarantors and the regulator see it.</summary>
    private static readonly string[] GuaranteeViewers = ["regulator", "national-fund", "provincial", "bank2", "guarantor", "guarantor-checker", "enterprise2"];

    /// <summary>GUAR-HZ's maker (经办) and checker (复核) steps on its guarantee.</summary>
    private static readonly string[] GuarantorMaker = ["guarantor"];
    private static readonly string[] GuarantorChecker = ["guarantor-checker"];

    /// <summary>Who may call an operation (with the sample path and body), and that sample.</summary>
    private sealed record Access(string[] Allowed, Func<World, string> Path, Func<World, string, string?>? Body = null);

    /// <summary>The things of other organisations that the sample requests point at.</summary>
    private sealed record World(long Ent2Enterprise, long Ent2ConsentToBank2, long Ent2ConsentToRevoke, Guid Bank1, Guid Bank2, Guid GuarHz, Guid Import, long Guarantee, long Bank2Push = 0, long Bank2Loan = 0, long Ent2Demand = 0);

    private static readonly Dictionary<string, Access> Table = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/login"] = new(Everyone, _ => "/api/v1/auth/login", (_, _) => """{"email":"fund@demo.local","password":"Rongtong#2021"}"""),
        ["GET /api/v1/auth/me"] = new(SignedIn, _ => "/api/v1/auth/me"),

        ["GET /api/v1/business-date"] = new(SignedIn, _ => "/api/v1/business-date"),
        ["PUT /api/v1/business-date"] = new(Regulator, _ => "/api/v1/business-date", (_, _) => """{"businessDate":"2023-06-30"}"""),
        ["GET /api/v1/organisations"] = new(SignedIn, _ => "/api/v1/organisations"),
        ["GET /api/v1/audit"] = new(SignedIn, _ => "/api/v1/audit?take=5"),
        ["GET /api/v1/audit/verify"] = new(Regulator, _ => "/api/v1/audit/verify"),

        ["GET /api/v1/policy/split"] = new(Everyone, _ => "/api/v1/policy/split?amount=1000000.00&asOf=2023-06-30"),
        ["GET /api/v1/policy/fee"] = new(Everyone, _ => "/api/v1/policy/fee?principal=1000000.00&rate=0.008&start=2023-01-01&end=2023-12-31"),
        ["GET /api/v1/policy/supplementary-cap"] = new(Everyone, _ => "/api/v1/policy/supplementary-cap?netBookValue=500000.00&principal=1000000.00&asOf=2023-06-30"),
        ["GET /api/v1/policy/add-business-days"] = new(Everyone, _ => "/api/v1/policy/add-business-days?date=2023-06-30&days=3"),

        ["GET /api/v1/enterprises"] = new(SignedIn, _ => "/api/v1/enterprises?pageSize=5"),
        // ENT-2's own enterprise: the regulator sees all, ENT-2 itself, BANK-2 under its consent; nobody else.
        ["GET /api/v1/enterprises/{id}"] = new(["regulator", "enterprise2", "bank2"], w => $"/api/v1/enterprises/{w.Ent2Enterprise}"),
        ["GET /api/v1/dashboard/key-enterprises"] = new(SignedIn, _ => "/api/v1/dashboard/key-enterprises"),

        ["POST /api/v1/registry/imports"] = new(Regulator, _ => "/api/v1/registry/imports?kind=taxes&fileName=matrix.csv", (_, _) => "uscc,year,tax_paid\n"),
        ["GET /api/v1/registry/imports"] = new(Regulator, _ => "/api/v1/registry/imports"),
        ["GET /api/v1/registry/imports/{id}"] = new(Regulator, w => $"/api/v1/registry/imports/{w.Import}"),
        ["GET /api/v1/registry/imports/{id}/errors"] = new(Regulator, w => $"/api/v1/registry/imports/{w.Import}/errors"),
        ["GET /api/v1/registry/imports/{id}/errors.csv"] = new(Regulator, w => $"/api/v1/registry/imports/{w.Import}/errors.csv"),
        ["GET /api/v1/registry/imports/{id}/errors.xlsx"] = new(Regulator, w => $"/api/v1/registry/imports/{w.Import}/errors.xlsx"),
        ["POST /api/v1/determinations/run"] = new(Regulator, _ => "/api/v1/determinations/run?asOf=2023-06-30"),

        ["GET /api/v1/consents"] = new(SignedIn, _ => "/api/v1/consents"),
        ["POST /api/v1/consents"] = new(Enterprises, _ => "/api/v1/consents",
            (w, _) => $$"""{"granteeOrganisationId":"{{w.Bank2}}","scope":["registry"],"purpose":"矩阵测试","validUntil":"2023-12-31"}"""),
        // A consent ENT-2 gave: only ENT-2 may revoke it.
        ["POST /api/v1/consents/{id}/revoke"] = new(["enterprise2"], w => $"/api/v1/consents/{w.Ent2ConsentToRevoke}/revoke"),
        ["GET /api/v1/consents/accesses"] = new(SignedIn, _ => "/api/v1/consents/accesses"),

        ["GET /api/v1/users"] = new(Admins, _ => "/api/v1/users"),
        ["POST /api/v1/users/invite"] = new(Admins, _ => "/api/v1/users/invite",
            (_, role) => $$"""{"email":"matrix-{{role}}-{{Guid.NewGuid():N}}@demo.test","displayName":"矩阵","roles":["viewer"]}"""),
        ["POST /api/v1/users/accept"] = new(Everyone, _ => "/api/v1/users/accept", (_, _) => """{"email":"nobody@demo.test","token":"bogus","password":"Matrix#Test2021"}"""),

        ["GET /api/v1/guarantees"] = new(SignedIn, _ => "/api/v1/guarantees"),
        ["POST /api/v1/guarantees"] = new(["bank2", "enterprise2"], _ => "/api/v1/guarantees", (w, _) => GuaranteeApplication(w)),
        ["GET /api/v1/guarantees/{id}"] = new(GuaranteeViewers, w => $"/api/v1/guarantees/{w.Guarantee}"),
        ["GET /api/v1/guarantees/{id}/letter.pdf"] = new(GuaranteeViewers, w => $"/api/v1/guarantees/{w.Guarantee}/letter.pdf"),
        ["POST /api/v1/guarantees/{id}/review"] = new(GuarantorMaker, w => $"/api/v1/guarantees/{w.Guarantee}/review", (_, _) => """{"note":"矩阵"}"""),
        ["POST /api/v1/guarantees/{id}/justification/approve"] = new(GuarantorChecker, w => $"/api/v1/guarantees/{w.Guarantee}/justification/approve"),
        ["POST /api/v1/guarantees/{id}/decision"] = new(GuarantorChecker, w => $"/api/v1/guarantees/{w.Guarantee}/decision", (_, _) => """{"approve":true,"note":"矩阵"}"""),
        ["POST /api/v1/guarantees/{id}/undo-approval"] = new(GuarantorChecker, w => $"/api/v1/guarantees/{w.Guarantee}/undo-approval", (_, _) => """{"note":"矩阵"}"""),
        ["POST /api/v1/guarantees/{id}/fee-exception"] = new(Regulator, w => $"/api/v1/guarantees/{w.Guarantee}/fee-exception", (_, _) => """{"reason":"矩阵测试的理由"}"""),
        ["POST /api/v1/guarantees/{id}/letter"] = new(GuarantorMaker, w => $"/api/v1/guarantees/{w.Guarantee}/letter"),
        ["POST /api/v1/guarantees/{id}/repayments"] = new(["bank2"], w => $"/api/v1/guarantees/{w.Guarantee}/repayments", (_, _) => """{"amount":"1000.00"}"""),
        ["POST /api/v1/guarantees/{id}/default"] = new(["bank2"], w => $"/api/v1/guarantees/{w.Guarantee}/default"),
        ["POST /api/v1/guarantees/{id}/compensation"] = new(GuarantorChecker, w => $"/api/v1/guarantees/{w.Guarantee}/compensation"),
        ["POST /api/v1/guarantees/{id}/reguarantee/confirm"] = new(["national-fund", "provincial"], w => $"/api/v1/guarantees/{w.Guarantee}/reguarantee/confirm"),
        ["POST /api/v1/guarantees/{id}/recoveries"] = new(GuarantorMaker, w => $"/api/v1/guarantees/{w.Guarantee}/recoveries", (_, _) => """{"amount":"1000.00"}"""),
        ["POST /api/v1/guarantees/{id}/close"] = new(GuarantorChecker, w => $"/api/v1/guarantees/{w.Guarantee}/close"),
        ["POST /api/v1/guarantees/{id}/fees"] = new(GuarantorMaker, w => $"/api/v1/guarantees/{w.Guarantee}/fees", (_, _) => """{"amount":"1000.00"}"""),
        ["GET /api/v1/loans"] = new(SignedIn, _ => "/api/v1/loans"),
        // BANK-2's loan to ENT-2: its bank, its borrower and the regulator; nobody else (no consent to BANK-1 covers loans).
        ["GET /api/v1/loans/{id}"] = new(["regulator", "bank2", "enterprise2"], w => $"/api/v1/loans/{w.Bank2Loan}"),
        // Any bank's maker records its own loans.
        ["POST /api/v1/loans"] = new(["bank1", "bank2"], _ => "/api/v1/loans",
            (w, _) => $$"""{"reference":"M-{{Guid.NewGuid():N}}","enterpriseId":{{w.Ent2Enterprise}},"principal":"100000.00","annualRate":0.04,"termMonths":12,"disbursedOn":"2023-06-30"}"""),
        ["GET /api/v1/batch-agreements"] = new(SignedIn, _ => "/api/v1/batch-agreements"),
        // A government guarantor's checker signs: GUAR-HZ's checker and the county guarantor's account.
        ["POST /api/v1/batch-agreements"] = new(["guarantor-checker", "guarantor-county"], _ => "/api/v1/batch-agreements",
            (w, _) => $$"""{"bankId":"{{w.Bank1}}","totalLimit":"10000000.00","feeRate":0.008,"validFrom":"2023-07-01","validTo":"2024-06-30"}"""),
        ["GET /api/v1/ledger/statement"] = new(SignedIn, _ => "/api/v1/ledger/statement"),
        ["GET /api/v1/ledger/statement.xlsx"] = new(SignedIn, _ => "/api/v1/ledger/statement.xlsx"),
        ["GET /api/v1/guarantors/evaluation"] = new(SignedIn, _ => "/api/v1/guarantors/evaluation?from=2023-01-01&to=2023-06-30"),
        ["GET /api/v1/guarantors/evaluation.xlsx"] = new(SignedIn, _ => "/api/v1/guarantors/evaluation.xlsx?from=2023-01-01&to=2023-06-30"),

        ["GET /api/v1/credit/products"] = new(SignedIn, _ => "/api/v1/credit/products"),
        // A bank manages only its own products and capacity.
        ["POST /api/v1/credit/products"] = new(["bank1", "bank2"], _ => "/api/v1/credit/products",
            (_, _) => """{"code":"MATRIX","name":"矩阵贷","productType":"CREDIT_LOAN","minAmount":"10000.00","maxAmount":"100000.00","minTermMonths":6,"maxTermMonths":12,"keyOnly":false,"unsecuredOk":true,"minRate":0.03,"maxRate":0.05}"""),
        ["PUT /api/v1/credit/capacity"] = new(["bank1", "bank2"], _ => "/api/v1/credit/capacity", (_, _) => """{"dailyPushes":40}"""),
        ["GET /api/v1/credit/demands"] = new(SignedIn, _ => "/api/v1/credit/demands"),
        // ENT-2's demand that fits no bank's product, so the matrix's own push run never pushes it: its enterprise and the regulator.
        ["GET /api/v1/credit/demands/{id}"] = new(["regulator", "enterprise2"], w => $"/api/v1/credit/demands/{w.Ent2Demand}"),
        // An enterprise posts its own; the regulator posts from the platform's feed for a named enterprise.
        ["POST /api/v1/credit/demands"] = new(["enterprise1", "enterprise2", "regulator"], _ => "/api/v1/credit/demands",
            (w, role) => role == "regulator"
                ? $$"""{"amount":"500000.00","termMonths":12,"unsecured":false,"purpose":"矩阵","enterpriseId":{{w.Ent2Enterprise}}}"""
                : """{"amount":"500000.00","termMonths":12,"unsecured":false,"purpose":"矩阵"}"""),
        ["POST /api/v1/credit/demands/import"] = new(Regulator, _ => "/api/v1/credit/demands/import?fileName=feed.csv",
            (w, _) => "uscc,amount,term_months,unsecured,purpose\n"),
        ["POST /api/v1/credit/push/run"] = new(Regulator, _ => "/api/v1/credit/push/run"),
        ["POST /api/v1/credit/push/escalate"] = new(Regulator, _ => "/api/v1/credit/push/escalate"),
        ["GET /api/v1/credit/pushes"] = new(SignedIn, _ => "/api/v1/credit/pushes"),
        ["GET /api/v1/credit/pushes.xlsx"] = new(SignedIn, _ => "/api/v1/credit/pushes.xlsx"),
        // Only the bank a demand was pushed to answers it (BANK-2's push here); BANK-1 gets 404.
        ["POST /api/v1/credit/pushes/{id}/claim"] = new(["bank2"], w => $"/api/v1/credit/pushes/{w.Bank2Push}/claim", (_, _) => """{"note":"矩阵"}"""),
        ["POST /api/v1/credit/pushes/{id}/decline"] = new(["bank2"], w => $"/api/v1/credit/pushes/{w.Bank2Push}/decline", (_, _) => """{"note":"矩阵"}"""),
        ["POST /api/v1/credit/pushes/{id}/grant"] = new(["bank2"], w => $"/api/v1/credit/pushes/{w.Bank2Push}/grant", (_, _) => """{"note":"矩阵"}"""),
        ["POST /api/v1/credit/pushes/{id}/refuse"] = new(["bank2"], w => $"/api/v1/credit/pushes/{w.Bank2Push}/refuse", (_, _) => """{"note":"矩阵"}"""),
        ["GET /api/v1/credit/funnel"] = new(Regulator, _ => "/api/v1/credit/funnel"),
        ["POST /api/v1/credit/tech-points"] = new(Enterprises, _ => "/api/v1/credit/tech-points",
            (_, _) => """{"highValueIpCount":1,"rdRatio":0.03,"revenueGrowth":0.1,"debtToAssetRatio":0.5,"strategicEmergingIndustry":true,"mainBusinessShare":0.8,"revenue":"6000000.00"}"""),
        ["GET /api/v1/credit/tech-points"] = new(SignedIn, _ => "/api/v1/credit/tech-points"),
        // The pledgee bank records a pledge behind its own loan (BANK-2's loan here).
        ["POST /api/v1/credit/ip-pledges"] = new(["bank2"], _ => "/api/v1/credit/ip-pledges",
            (w, _) => $$"""{"loanId":{{w.Bank2Loan}},"kind":"patent","rightNumber":"ZL2021{{Guid.NewGuid():N}}","value":"300000.00","registrationNumber":"Y{{Guid.NewGuid():N}}","filingStatus":"registered"}"""),
        ["GET /api/v1/credit/ip-pledges"] = new(SignedIn, _ => "/api/v1/credit/ip-pledges"),
    };

    private static string GuaranteeApplication(World w) =>
        $$"""{"enterpriseId":{{w.Ent2Enterprise}},"bankId":"{{w.Bank2}}","guarantorId":"{{w.GuarHz}}","amount":"10000.00","feeRate":0.008,"startDate":"2023-07-01","endDate":"2024-06-30"}""";

    [Fact]
    public async Task TheAccessTable_DeclaresEveryOperationOfTheOpenApiDocument()
    {
        using var client = app.Anonymous();
        var documented = (await OpenApi.EndpointsAsync(client)).Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal);

        var undeclared = documented.Where(e => !Table.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();
        var stale = Table.Keys.Where(e => !documented.Contains(e)).Order(StringComparer.Ordinal).ToList();

        Assert.True(undeclared.Count == 0, $"declare who may call these endpoints in {nameof(AuthorizationMatrixTests)}.{nameof(Table)}: {string.Join(", ", undeclared)}");
        Assert.True(stale.Count == 0, $"these table entries are no longer in the OpenAPI document: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task EveryOperation_ForEveryRole_AnswersAsTheTableSays_AndNeverWithA5xx()
    {
        var world = await PrepareAsync();
        using var anonymous = app.Anonymous();
        var endpoints = await OpenApi.EndpointsAsync(anonymous);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { [Anonymous] = anonymous };
        foreach (var role in SignedIn)
        {
            clients[role] = await app.ClientAsync(role);
        }

        var failures = new List<string>();
        var calls = 0;
        try
        {
            foreach (var endpoint in endpoints)
            {
                if (!Table.TryGetValue(endpoint.ToString(), out var access))
                {
                    failures.Add($"{endpoint}: not in the access table");
                    continue;
                }

                foreach (var role in Roles)
                {
                    var body = access.Body?.Invoke(world, role);
                    using var request = endpoint.Request(access.Path(world), body);
                    using var response = await clients[role].SendAsync(request);
                    calls++;
                    var status = (int)response.StatusCode;
                    var allowed = access.Allowed.Contains(role);
                    var verdict = status >= 500 ? "a server error"
                        : allowed && status is 401 or 403 or 404 ? "refused although the table allows it"
                        : !allowed && role == Anonymous && status != 401 ? "not 401 for anonymous"
                        : !allowed && role != Anonymous && status is not (403 or 404) ? "let through although the table forbids it"
                        : null;
                    if (verdict is not null)
                    {
                        failures.Add($"{endpoint} as {role}: {status}, {verdict}: {Trim(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values.Where(c => c != anonymous))
            {
                client.Dispose();
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls answered wrongly:\n{string.Join("\n", failures)}");
        Assert.True(calls >= endpoints.Count * Roles.Length);
    }

    private async Task<World> PrepareAsync()
    {
        using var owner = await app.ClientAsync("enterprise2");
        using var regulator = await app.ClientAsync("regulator");
        using var bank = await app.ClientAsync("bank2");
        var bank2 = await app.OrganisationIdAsync("BANK-2");
        var grant = $$"""{"granteeOrganisationId":"{{bank2}}","scope":["registry"],"purpose":"矩阵准备","validUntil":"2023-12-31"}""";
        var seen = await (await owner.PostRawAsync("/api/v1/consents", grant)).ExpectAsync(HttpStatusCode.Created);
        var toRevoke = await (await owner.PostRawAsync("/api/v1/consents", grant)).ExpectAsync(HttpStatusCode.Created);
        using var upload = new ByteArrayContent(Encoding.UTF8.GetBytes("uscc,year,tax_paid\n"));
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var import = await (await regulator.PostAsync("/api/v1/registry/imports?kind=taxes&fileName=world.csv", upload)).ExpectAsync(HttpStatusCode.Accepted);
        var importId = import.GetProperty("id").GetGuid();
        // Let the import and the determinations it triggers finish before the matrix runs its own.
        await (app.Services.GetRequiredService<ImportJobs>().Completion(importId) ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60));
        var partial = new World(await app.EnterpriseIdAsync("ENT-2"), seen.GetProperty("id").GetInt64(), toRevoke.GetProperty("id").GetInt64(),
            await app.OrganisationIdAsync("BANK-1"), bank2, await app.OrganisationIdAsync("GUAR-HZ"), importId, 0);
        var guarantee = await (await bank.PostRawAsync("/api/v1/guarantees", GuaranteeApplication(partial))).ExpectAsync(HttpStatusCode.Created);

        // A push to BANK-2 (the demo world's open demands, pushed now) and a BANK-2 loan.
        _ = await (await regulator.PostRawAsync("/api/v1/credit/push/run", "{}")).ExpectAsync(HttpStatusCode.OK);
        var pushes = await (await bank.GetAsync("/api/v1/credit/pushes?state=pushed")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(pushes.GetArrayLength() > 0, "the demo world should give BANK-2 pushes");
        var loan = await (await bank.PostRawAsync("/api/v1/loans",
            $$"""{"reference":"W-{{Guid.NewGuid():N}}","enterpriseId":{{partial.Ent2Enterprise}},"principal":"100000.00","annualRate":0.04,"termMonths":12,"disbursedOn":"2023-06-30"}""")).ExpectAsync(HttpStatusCode.Created);
        // ENT-2's demand for 600 months, which no product's terms reach.
        var demand = await (await owner.PostRawAsync("/api/v1/credit/demands", """{"amount":"99999999.00","termMonths":600,"unsecured":true,"purpose":"矩阵"}""")).ExpectAsync(HttpStatusCode.Created);
        return partial with
        {
            Ent2Demand = demand.GetProperty("id").GetInt64(),
            Guarantee = guarantee.GetProperty("id").GetInt64(),
            Bank2Push = pushes[0].GetProperty("id").GetInt64(),
            Bank2Loan = loan.GetProperty("id").GetInt64(),
        };
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApp app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuthorizationMatrixTests(PostgresApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApp>;
