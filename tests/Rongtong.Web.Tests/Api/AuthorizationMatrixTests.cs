using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Web.Hosting;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// Every operation of the OpenAPI document × every demo role and anonymous. Path parameters name another
/// organisation's things (ENT-2's enterprise, a consent ENT-2 gave BANK-2, the regulator's import), so
/// "allowed" also means "may see that one". The table below declares who may call what: an endpoint
/// added without an entry here fails the test, so whoever adds one states its access.
/// </summary>
public abstract class AuthorizationMatrixTests(RongtongApp app)
{
    private const string Anonymous = "anonymous";

    private static readonly string[] Roles = [.. RongtongApp.DemoAccounts, Anonymous];
    private static readonly string[] SignedIn = RongtongApp.DemoAccounts;
    private static readonly string[] Everyone = Roles;

    /// <summary>Every demo account is its organisation's admin.</summary>
    private static readonly string[] Admins = RongtongApp.DemoAccounts;

    private static readonly string[] Regulator = ["regulator"];
    private static readonly string[] Enterprises = ["enterprise1", "enterprise2"];

    /// <summary>Who may call an operation (with the sample path and body), and that sample.</summary>
    private sealed record Access(string[] Allowed, Func<World, string> Path, Func<World, string, string?>? Body = null);

    /// <summary>The things of other organisations that the sample requests point at.</summary>
    private sealed record World(long Ent2Enterprise, long Ent2ConsentToBank2, long Ent2ConsentToRevoke, Guid Bank2, Guid Import);

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
    };

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
        return new World(await app.EnterpriseIdAsync("ENT-2"), seen.GetProperty("id").GetInt64(), toRevoke.GetProperty("id").GetInt64(), bank2, importId);
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApp app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuthorizationMatrixTests(PostgresApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApp>;
