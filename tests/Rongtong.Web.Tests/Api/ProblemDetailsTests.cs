using System.Net;
using System.Text;
using System.Text.Json;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>Every error is RFC 9457 problem details naming the field; bad input is a 4xx, never a 5xx.</summary>
public abstract class ProblemDetailsTests(RongtongApp app)
{
    /// <summary>A bad request: who sends it, how, and the field the answer must name, or its code (if any).</summary>
    private sealed record BadRequest(string Account, string Method, string Url, string? Body, string ContentType, string? Field, string? Code = null)
    {
        public override string ToString() => $"{Account}: {Method} {Url} {Body}";
    }

    private static readonly BadRequest[] BadRequests =
    [
        new("enterprise1", "POST", "/api/v1/consents", "{not json", "application/json", null),
        new("enterprise1", "POST", "/api/v1/consents", "{}", "application/json", "purpose"),
        new("enterprise1", "POST", "/api/v1/consents", "[]", "application/json", null),
        new("enterprise1", "POST", "/api/v1/consents", "", "application/json", null),
        new("enterprise1", "POST", "/api/v1/consents", "{\"granteeOrganisationId\":\"nope\",\"scope\":[\"registry\"],\"purpose\":\"授信\",\"validUntil\":\"2023-12-31\"}", "application/json", "granteeOrganisationId"),
        new("enterprise1", "POST", "/api/v1/consents", "{\"granteeOrganisationId\":\"00000000-0000-0000-0000-000000000001\",\"scope\":[\"registry\"],\"purpose\":\"授信\",\"validUntil\":\"2023-02-30\"}", "application/json", "validUntil"),
        new("enterprise1", "POST", "/api/v1/consents", "{\"granteeOrganisationId\":\"00000000-0000-0000-0000-000000000001\",\"scope\":[\"registry\"],\"purpose\":\"授信\",\"validUntil\":\"2023-12-31\"}", "application/json", null),
        new("enterprise1", "POST", "/api/v1/consents", "{\"granteeOrganisationId\":\"00000000-0000-0000-0000-000000000001\",\"scope\":[],\"purpose\":\"授\",\"validUntil\":\"2023-12-31\"}", "application/json", "scope"),
        new("enterprise1", "POST", "/api/v1/consents", "{\"granteeOrganisationId\":\"00000000-0000-0000-0000-000000000001\",\"scope\":[\"registry\"],\"purpose\":\"授信\",\"validUntil\":\"2023-12-31\"}", "text/plain", null),
        new("enterprise1", "POST", "/api/v1/consents/abc/revoke", null, "application/json", null),
        new("enterprise1", "POST", "/api/v1/consents/99999999999999999999/revoke", null, "application/json", null),
        new("anonymous", "GET", "/api/v1/policy/split?amount=abc&asOf=2023-06-30", null, "", "amount"),
        new("anonymous", "GET", "/api/v1/policy/split?amount=-1.00&asOf=2023-06-30", null, "", "amount"),
        new("anonymous", "GET", "/api/v1/policy/split?amount=100.00&asOf=2023-02-30", null, "", "asOf"),
        new("anonymous", "GET", "/api/v1/policy/split?amount=100.00", null, "", "asOf"),
        new("anonymous", "GET", "/api/v1/policy/split?amount=100.00&asOf=1999-01-01", null, "", null),
        new("anonymous", "GET", "/api/v1/policy/split?amount=99999999999999999999999999.00&asOf=2023-06-30", null, "", "amount"),
        new("anonymous", "GET", "/api/v1/policy/fee?principal=1000000.00&rate=abc&start=2023-01-01&end=2023-12-31", null, "", "rate"),
        new("anonymous", "GET", "/api/v1/policy/fee?principal=1000000.00&rate=0.008&start=2023-12-31&end=2023-01-01", null, "", "end"),
        new("anonymous", "GET", "/api/v1/policy/fee?principal=1000000.00&rate=-0.008&start=2023-01-01&end=2023-12-31", null, "", "rate"),
        new("anonymous", "GET", "/api/v1/policy/supplementary-cap?netBookValue=x&principal=y&asOf=2023-06-30", null, "", "netBookValue"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=2023-06-30&days=-1", null, "", "days"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=2023-06-30&days=99999999999", null, "", "days"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=yesterday&days=1", null, "", "date"),
        new("anonymous", "POST", "/api/v1/auth/login", "{", "application/json", null),
        new("anonymous", "POST", "/api/v1/auth/login", "{}", "application/json", "email"),
        new("anonymous", "POST", "/api/v1/auth/login", "{\"email\":\"not-an-email\",\"password\":\"x\"}", "application/json", "email"),
        new("anonymous", "POST", "/api/v1/users/accept", "{\"email\":\"nobody@demo.local\",\"token\":\"bogus\",\"password\":\"Rongtong#2021x\"}", "application/json", "token"),
        new("anonymous", "POST", "/api/v1/users/accept", "{\"email\":\"bank1@demo.local\",\"token\":\"bogus\",\"password\":\"short\"}", "application/json", null),
        new("regulator", "POST", "/api/v1/registry/imports?kind=unknown&fileName=x.csv", "uscc\n", "text/csv", "kind"),
        new("regulator", "POST", "/api/v1/registry/imports?kind=enterprises&fileName=x.pdf", "uscc\n", "text/csv", "fileName"),
        new("regulator", "POST", "/api/v1/registry/imports?kind=enterprises", "uscc\n", "text/csv", "fileName"),
        new("regulator", "POST", "/api/v1/registry/imports?kind=enterprises&fileName=x.xlsx", "this is not a workbook", "application/octet-stream", "file"),
        new("regulator", "POST", "/api/v1/registry/imports?kind=enterprises&fileName=x.csv", "", "text/csv", "file"),
        new("regulator", "POST", "/api/v1/registry/imports?kind=taxes&fileName=x.csv", "uscc,year\n", "text/csv", "file"),
        new("regulator", "PUT", "/api/v1/business-date", "{}", "application/json", "businessDate"),
        new("regulator", "PUT", "/api/v1/business-date", "{\"businessDate\":\"30/06/2023\"}", "application/json", "businessDate"),
        new("regulator", "GET", "/api/v1/enterprises?page=abc", null, "", "page"),
        new("regulator", "GET", "/api/v1/enterprises?asOf=2023-13-01", null, "", "asOf"),
        new("regulator", "GET", "/api/v1/enterprises?key=maybe", null, "", "key"),
        new("regulator", "GET", "/api/v1/enterprises/abc", null, "", null),
        new("regulator", "GET", "/api/v1/enterprises/1?asOf=never", null, "", "asOf"),
        new("regulator", "GET", "/api/v1/audit?take=abc", null, "", "take"),
        new("regulator", "GET", "/api/v1/registry/imports/not-a-guid", null, "", null),
        new("regulator", "POST", "/api/v1/determinations/run?asOf=2023-13-01", null, "", "asOf"),
        new("regulator", "GET", "/api/v1/dashboard/key-enterprises?asOf=0000-00-00", null, "", "asOf"),
        new("regulator", "POST", "/api/v1/users/invite", "{}", "application/json", "email"),
        new("regulator", "POST", "/api/v1/users/invite", "{\"email\":\"x\",\"displayName\":\"X\",\"roles\":[\"maker\"]}", "application/json", "email"),
        new("regulator", "POST", "/api/v1/users/invite", "{\"email\":\"boss@demo.local\",\"displayName\":\"X\",\"roles\":[\"boss\"]}", "application/json", null),
        new("regulator", "POST", "/api/v1/users/invite", "{\"email\":\"a@b\",\"displayName\":\"X\",\"roles\":[\"viewer\"]}", "application/json", null, "EMAIL_INVALID"),
        new("regulator", "POST", "/api/v1/users/invite", "{\"email\":\"a@demo..local\",\"displayName\":\"X\",\"roles\":[\"viewer\"]}", "application/json", null, "EMAIL_INVALID"),
        new("regulator", "POST", "/api/v1/users/invite", "{\"email\":\"bank1@demo.local\",\"displayName\":\"X\",\"roles\":[\"maker\"]}", "application/json", null),

        // Amounts past 13 digits of yuan, dates outside 1900–2199 and rates past 1: refused by name, never wrapped or 500.
        new("anonymous", "GET", "/api/v1/policy/fee?principal=92233720368547758.07&rate=0.008&start=2023-01-01&end=2023-12-31", null, "", "principal"),
        new("anonymous", "GET", "/api/v1/policy/fee?principal=1000000.00&rate=79228162514264337593543950335&start=2023-01-01&end=2023-12-31", null, "", "rate"),
        new("anonymous", "GET", "/api/v1/policy/fee?principal=1000000.00&rate=1000&start=2023-01-01&end=2023-12-31", null, "", "rate"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=9999-12-31&days=1", null, "", "date"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=2023-1-1&days=1", null, "", "date"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=%202023-01-01&days=1", null, "", "date"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=01/07/2023&days=1", null, "", "date"),
        new("anonymous", "GET", "/api/v1/policy/split?amount=100.00&asOf=2023-06-30T00:00:00", null, "", "asOf"),
        new("anonymous", "GET", "/api/v1/policy/add-business-days?date=2023-06-30&days=2147483647", null, "", "days"),
        new("regulator", "PUT", "/api/v1/business-date", "{\"businessDate\":\"9999-12-31\"}", "application/json", "businessDate"),
        new("regulator", "PUT", "/api/v1/business-date", "{\"businessDate\":\"0001-01-01\"}", "application/json", "businessDate"),
        new("regulator", "GET", "/api/v1/ledger/statement?from=2023-12-31&to=2023-01-01", null, "", null),
        new("regulator", "GET", "/api/v1/guarantors/evaluation.xlsx?from=2023-12-31&to=2023-01-01", null, "", null),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-FAR\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":0.04,\"termMonths\":12,\"disbursedOn\":\"9999-12-31\"}", "application/json", "disbursedOn"),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-BIG\",\"enterpriseId\":1,\"principal\":\"-92233720368547759.99\",\"annualRate\":0.04,\"termMonths\":12,\"disbursedOn\":\"2023-07-01\"}", "application/json", "principal"),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-RATE\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":1.5,\"termMonths\":12,\"disbursedOn\":\"2023-07-01\"}", "application/json", "annualRate", "LOAN_INVALID"),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-BP\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":0.04,\"termMonths\":12,\"disbursedOn\":\"2023-07-01\",\"rateDiscountBp\":-1}", "application/json", "rateDiscountBp", "LOAN_INVALID"),
        new("guarantor", "POST", "/api/v1/guarantees/1/recoveries", "{\"amount\":\"-92233720368547759.99\"}", "application/json", "amount"),
        new("bank1", "POST", "/api/v1/loans", $"{{\"reference\":\"{new string('L', 65)}\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":0.04,\"termMonths\":12,\"disbursedOn\":\"2023-07-01\"}}", "application/json", "reference"),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-DUP\",\"reference\":\"L-DUP2\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":0.04,\"termMonths\":12,\"disbursedOn\":\"2023-07-01\"}", "application/json", null, "BAD_REQUEST"),
        new("enterprise1", "POST", "/api/v1/credit/tech-points", "{\"revenue\":\"1000.00\"}", "application/json", "rdRatio"),
        new("regulator", "GET", "/api/v1/credit/demands?state=bogus", null, "", "state"),
        new("bank1", "GET", "/api/v1/credit/pushes?state=bogus", null, "", "state"),
        new("bank1", "GET", "/api/v1/credit/pushes.xlsx?state=Pushed", null, "", "state"),
        new("bank1", "POST", "/api/v1/loans", "{\"reference\":\"L-TERM\",\"enterpriseId\":1,\"principal\":\"500.00\",\"annualRate\":0.04,\"termMonths\":0,\"disbursedOn\":\"2023-07-01\"}", "application/json", "termMonths"),
        new("bank1", "POST", "/api/v1/credit/products", "{\"code\":\"PD-MAX\",\"name\":\"贷\",\"productType\":\"CREDIT_LOAN\",\"minAmount\":\"10000.00\",\"maxAmount\":\"1.234\",\"minTermMonths\":6,\"maxTermMonths\":12,\"minRate\":0.03,\"maxRate\":0.05}", "application/json", "maxAmount"),
        new("bank1", "POST", "/api/v1/credit/products", "{\"code\":\"PD-MIN\",\"name\":\"贷\",\"productType\":\"CREDIT_LOAN\",\"minAmount\":\"abc\",\"maxAmount\":\"100.00\",\"minTermMonths\":6,\"maxTermMonths\":12,\"minRate\":0.03,\"maxRate\":0.05}", "application/json", "minAmount"),
        new("enterprise1", "POST", "/api/v1/credit/tech-points", "{\"highValueIpCount\":1,\"rdRatio\":0.1,\"revenueGrowth\":-5,\"debtToAssetRatio\":0.5,\"strategicEmergingIndustry\":false,\"mainBusinessShare\":0.9,\"revenue\":\"1000000.00\"}", "application/json", "revenueGrowth", "DECLARATION_INVALID"),
        new("guarantor-checker", "POST", "/api/v1/guarantees/1/decision", $"{{\"approve\":true,\"note\":\"{new string('注', 2001)}\"}}", "application/json", "note"),
        new("guarantor-checker", "POST", "/api/v1/batch-agreements", "{\"bankId\":\"00000000-0000-0000-0000-000000000001\",\"totalLimit\":\"0.00\",\"feeRate\":0.008,\"validFrom\":\"2023-07-01\",\"validTo\":\"2023-06-30\"}", "application/json", "validTo", "BATCH_INVALID"),
        new("guarantor-checker", "POST", "/api/v1/batch-agreements", "{\"bankId\":\"00000000-0000-0000-0000-000000000001\",\"totalLimit\":\"0.00\",\"feeRate\":0.008,\"validFrom\":\"2023-07-01\",\"validTo\":\"2024-06-30\"}", "application/json", "totalLimit", "BATCH_INVALID"),
        new("bank1", "POST", "/api/v1/credit/products", "{\"code\":\"PD-ORD\",\"name\":\"贷\",\"productType\":\"CREDIT_LOAN\",\"minAmount\":\"100.00\",\"maxAmount\":\"10.00\",\"minTermMonths\":6,\"maxTermMonths\":12,\"minRate\":0.03,\"maxRate\":0.05}", "application/json", "maxAmount", "PRODUCT_INVALID"),
        new("bank1", "POST", "/api/v1/credit/products", "{\"code\":\"PD-TYPE\",\"name\":\"贷\",\"productType\":\"NOPE\",\"minAmount\":\"10.00\",\"maxAmount\":\"100.00\",\"minTermMonths\":6,\"maxTermMonths\":12,\"minRate\":0.03,\"maxRate\":0.05,\"regionPrefixes\":\"33x\"}", "application/json", "regionPrefixes", "PRODUCT_INVALID"),
        new("enterprise1", "POST", "/api/v1/credit/demands", "{\"amount\":\"0.00\",\"termMonths\":12,\"unsecured\":true,\"purpose\":\"周转\"}", "application/json", "amount", "DEMAND_INVALID"),
        new("bank1", "PUT", "/api/v1/credit/capacity", "{\"dailyPushes\":-1}", "application/json", "dailyPushes"),
    ];

    [Fact]
    public async Task MalformedJson_Is400Problem()
    {
        using var client = await app.ClientAsync("enterprise1");

        using var response = await client.PostRawAsync("/api/v1/consents", "{\"granteeOrganisationId\": ");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MissingRequiredFields_Are400Problem_ListingEachField()
    {
        using var client = await app.ClientAsync("enterprise1");

        using var response = await client.PostRawAsync("/api/v1/consents", "{}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "granteeOrganisationId", "scope", "purpose", "validUntil");
    }

    [Fact]
    public async Task ANonNumericAmount_Is400Problem_NamingTheAmount()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/api/v1/policy/split?amount=abc&asOf=2023-06-30");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
    }

    [Fact]
    public async Task AnImpossibleDate_Is400Problem_NamingTheParameter()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/api/v1/policy/split?amount=100.00&asOf=2023-02-30");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "asOf");
    }

    [Fact]
    public async Task AnUnknownImportKind_Is400Problem_NamingTheKind()
    {
        using var client = await app.ClientAsync("regulator");

        using var response = await client.PostRawAsync("/api/v1/registry/imports?kind=people&fileName=x.csv", "uscc\n", "text/csv");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Fact]
    public async Task AnOverlongIdempotencyKey_Is400Problem()
    {
        using var client = await app.ClientAsync("enterprise1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/consents") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", new string('k', 201));

        using var response = await client.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("anonymous", "GET", "/api/v1/guarantees", 401)]
    [InlineData("enterprise1", "PUT", "/api/v1/business-date", 403)]
    [InlineData("regulator", "GET", "/api/v1/no-such-thing", 404)]
    [InlineData("regulator", "DELETE", "/api/v1/business-date", 405)]
    [InlineData("regulator", "GET", "/api/v1/guarantors/evaluation?from=2023-12-31&to=2023-01-01", 422)]
    [InlineData("bank1", "POST", "/api/v1/loans", 400, "{}")]
    [InlineData("bank1", "POST", "/api/v1/loans", 400, "{not json")]
    public async Task AnApiError_IsProblemJson_WhateverTheCallerAccepts(string account, string method, string url, int status, string? body = null)
    {
        using var client = account == "anonymous" ? app.Anonymous() : await app.ClientAsync(account);
        foreach (var accept in new[] { "text/html", "application/xml", "text/plain" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            request.Headers.Accept.ParseAdd(accept);
            using var response = await client.SendAsync(request);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(Http.ProblemJson, response.Content.Headers.ContentType?.MediaType);
            using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        }
    }

    [Theory]
    [InlineData("/api/v1/enterprises?asOf=2023-06-30")]
    [InlineData("/api/v1/ledger/statement?from=2023-01-01&to=2023-12-31")]
    [InlineData("/api/v1/ledger/statement")]
    [InlineData("/api/v1/guarantors/evaluation?from=1900-01-01&to=2199-12-31")]
    public async Task WellFormedOrOmittedDates_AreTaken(string url)
    {
        using var client = await app.ClientAsync("regulator");
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARefusedPledge_NamesEachFieldThatFails()
    {
        using var bank = await app.ClientAsync("bank2");
        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"PD-{Guid.NewGuid():N}", enterpriseId = await app.EnterpriseIdAsync("ENT-2"), principal = "1000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-06-30",
        })).ExpectAsync(HttpStatusCode.Created);

        var problem = await (await bank.PostJsonAsync("/api/v1/credit/ip-pledges", new
        {
            loanId = loan.GetProperty("id").GetInt64(), kind = "bogus", rightNumber = "ZL-PD", value = "1000.00", registrationNumber = $"Y-{Guid.NewGuid():N}", filingStatus = "lost",
        })).ExpectProblemAsync((HttpStatusCode)422);
        Assert.Equal("PLEDGE_INVALID", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("kind:", detail, StringComparison.Ordinal);
        Assert.Contains("filingStatus:", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("value:", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationErrors_NameTheFieldsAsTheApiSpellsThem_InCamelCase()
    {
        using var bank = await app.ClientAsync("bank1");
        var problem = await (await bank.PostJsonAsync("/api/v1/guarantees", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var keys = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("enterpriseId", keys);
        Assert.Contains("amount", keys);
        Assert.All(keys, k => Assert.False(char.IsUpper(k[0]), $"'{k}' is not camelCase"));
    }

    [Theory]
    [InlineData("regulator", 21474837)]
    [InlineData("regulator", int.MaxValue)]
    [InlineData("enterprise1", int.MaxValue)]
    public async Task APagePastEveryRow_IsEmpty_NotTheFirstPage(string account, int page)
    {
        using var client = await app.ClientAsync(account);
        var first = await (await client.GetAsync("/api/v1/enterprises?pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEmpty(first.GetProperty("items").EnumerateArray());

        var far = await (await client.GetAsync($"/api/v1/enterprises?page={page}&pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(far.GetProperty("items").EnumerateArray());
        Assert.Equal(first.GetProperty("total").GetInt32(), far.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(1.5, "2024-07-01", "feeRate", "FEE_RATE_INVALID")]
    [InlineData(0.008, "2023-07-01", "endDate", "PERIOD_INVALID")]
    public async Task ARefusedApplication_ListsItsFieldUnderErrors(double feeRate, string endDate, string field, string code)
    {
        using var bank = await app.ClientAsync("bank1");
        var problem = await (await bank.PostJsonAsync("/api/v1/guarantees", new
        {
            enterpriseId = await app.UnrelatedEnterpriseIdAsync(), bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = await app.OrganisationIdAsync("GUAR-HZ"),
            amount = "1000.00", feeRate, startDate = "2023-07-01", endDate,
        })).ExpectProblemAsync((HttpStatusCode)422);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Array, problem.GetProperty("errors").GetProperty(field).ValueKind);
    }

    [Fact]
    public async Task BadInput_IsA4xxProblemNamingTheField_NeverA5xx()
    {
        var failures = new List<string>();
        foreach (var bad in BadRequests)
        {
            using var client = bad.Account == "anonymous" ? app.Anonymous() : await app.ClientAsync(bad.Account);
            using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Url);
            if (bad.Body is not null)
            {
                request.Content = new StringContent(bad.Body, Encoding.UTF8, bad.ContentType);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is < 400 or >= 500)
            {
                failures.Add($"{bad} answered {(int)response.StatusCode}: {text}");
            }
            else if (response.Content.Headers.ContentType?.MediaType != Http.ProblemJson)
            {
                failures.Add($"{bad} answered {(int)response.StatusCode} as {response.Content.Headers.ContentType?.MediaType ?? "nothing"}, not problem details");
            }
            else if (bad.Field is not null || bad.Code is not null)
            {
                using var problem = System.Text.Json.JsonDocument.Parse(text);
                if (bad.Field is not null && !Http.NamesField(problem.RootElement, bad.Field))
                {
                    failures.Add($"{bad} answered {(int)response.StatusCode} without naming '{bad.Field}': {text}");
                }

                // A rule's refusal of a field lists it under errors too, as validation errors do (INTERFACES.md).
                if (bad.Field is not null && (int)response.StatusCode == 422
                    && !(problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == System.Text.Json.JsonValueKind.Object && errors.TryGetProperty(bad.Field, out _)))
                {
                    failures.Add($"{bad} answered 422 without '{bad.Field}' under errors: {text}");
                }

                if (bad.Code is not null && (!problem.RootElement.TryGetProperty("code", out var code) || code.GetString() != bad.Code))
                {
                    failures.Add($"{bad} answered {(int)response.StatusCode} without the code {bad.Code}: {text}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

public sealed class SqliteProblemDetailsTests(SqliteApp app) : ProblemDetailsTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresProblemDetailsTests(PostgresApp app) : ProblemDetailsTests(app), IClassFixture<PostgresApp>;
