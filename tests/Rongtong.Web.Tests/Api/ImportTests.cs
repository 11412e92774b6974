using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Rongtong.Web.Hosting;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>Registry feeds through the API: upload, poll, per-row errors (JSON, CSV, XLSX), upsert with history, determinations re-run.</summary>
public abstract class ImportTests(RongtongApp app)
{
    private const string Header = "uscc,name,industry_code,key_industry,registered_region,tax_region,operating_region,outsourced_production,output_counted_in_hangzhou,tax_credit_rating,high_tech,tech_sme";

    [Fact]
    public async Task ACsvImport_KeepsTheValidRows_AndListsEachBadRowWithLineColumnAndMessage()
    {
        using var regulator = await app.ClientAsync("regulator");
        var (a, b, c, bad) = (Http.NewUscc(), Http.NewUscc(), Http.NewUscc(), Http.BadUscc());
        var csv = Csv(
            Row(a, "杭州甲智造有限公司"),
            Row(bad, "杭州乙科技有限公司"),
            Row(b, "杭州丙数联有限公司"),
            Row(Http.NewUscc(), "杭州丁新材有限公司", industry: "12X4"),
            Row(c, "杭州戊云图有限公司"));

        var import = await ImportAsync(regulator, "enterprises", "registry.csv", csv);

        Assert.Equal("done", import.GetProperty("status").GetString());
        Assert.Equal(5, import.GetProperty("totalRows").GetInt32());
        Assert.Equal(3, import.GetProperty("inserted").GetInt32());
        Assert.Equal(2, import.GetProperty("failed").GetInt32());
        Assert.Equal(100, import.GetProperty("percent").GetInt32());
        foreach (var code in new[] { a, b, c })
        {
            Assert.NotNull(await FindAsync(regulator, code));
        }

        Assert.Null(await FindAsync(regulator, bad));

        var id = import.GetProperty("id").GetGuid();
        var errors = await (await regulator.GetAsync($"/api/v1/registry/imports/{id}/errors")).ExpectAsync(HttpStatusCode.OK);
        var listed = errors.EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Column: e.GetProperty("column").GetString(), Message: e.GetProperty("message").GetString())).ToList();
        Assert.Equal([(3, "uscc"), (5, "industry_code")], listed.Select(e => (e.Line, e.Column)).ToArray());
        Assert.All(listed, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));

        using var csvReport = await regulator.GetAsync($"/api/v1/registry/imports/{id}/errors.csv");
        Assert.Equal(HttpStatusCode.OK, csvReport.StatusCode);
        Assert.Equal("text/csv", csvReport.Content.Headers.ContentType?.MediaType);
        var lines = (await csvReport.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,column,message", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("3,uscc,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("5,industry_code,", lines[2], StringComparison.Ordinal);

        using var xlsxReport = await regulator.GetAsync($"/api/v1/registry/imports/{id}/errors.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsxReport.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxReport.Content.Headers.ContentType?.MediaType);
        using var workbook = new MemoryStream(await xlsxReport.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([3, 5], rows.Select(r => Convert.ToInt32(r["行号_line"], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(["uscc", "industry_code"], rows.Select(r => Convert.ToString(r["列_column"], System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        Assert.Equal(listed.Select(e => e.Message!).ToArray(), rows.Select(r => Convert.ToString(r["原因_message"], System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
    }

    [Fact]
    public async Task ANameLongerThanAnyName_IsABadRow_NotStored()
    {
        using var regulator = await app.ClientAsync("regulator");
        var (ok, tooLong) = (Http.NewUscc(), Http.NewUscc());
        var import = await ImportAsync(regulator, "enterprises", "registry.csv", Csv(Row(ok, "杭州己精工有限公司"), Row(tooLong, new string('杭', 201))));

        Assert.Equal(1, import.GetProperty("inserted").GetInt32());
        var errors = await (await regulator.GetAsync($"/api/v1/registry/imports/{import.GetProperty("id").GetGuid()}/errors")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([(3, "name")], errors.EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToArray());
        Assert.Null(await FindAsync(regulator, tooLong));
    }

    [Fact]
    public async Task AnXlsxWorkbookWithTheSameColumns_ImportsLikeTheCsv()
    {
        using var regulator = await app.ClientAsync("regulator");
        var (a, b) = (Http.NewUscc(), Http.NewUscc());
        var sheet = new List<Dictionary<string, object>>
        {
            Cells(a, "杭州表格甲有限公司"),
            Cells(b, "杭州表格乙有限公司"),
            Cells(Http.NewUscc(), "杭州表格丙有限公司", region: "33010X"),
        };
        using var workbook = new MemoryStream();
        workbook.SaveAs(sheet, sheetName: "enterprises");

        var import = await ImportAsync(regulator, "enterprises", "registry.xlsx", workbook.ToArray());

        Assert.Equal("done", import.GetProperty("status").GetString());
        Assert.Equal(2, import.GetProperty("inserted").GetInt32());
        Assert.Equal(1, import.GetProperty("failed").GetInt32());
        var found = await FindAsync(regulator, a);
        Assert.NotNull(found);
        Assert.Equal("杭州表格甲有限公司", found.Value.GetProperty("name").GetString());
        Assert.Equal("330106", found.Value.GetProperty("registeredRegion").GetString());
        var errors = await (await regulator.GetAsync($"/api/v1/registry/imports/{import.GetProperty("id").GetGuid()}/errors")).ExpectAsync(HttpStatusCode.OK);
        var error = Assert.Single(errors.EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("registered_region", error.GetProperty("column").GetString());
    }

    [Fact]
    public async Task AReimportWithAChangedField_CountsAnUpdate_AndTheChangeIsInTheEnterprisesHistory()
    {
        using var regulator = await app.ClientAsync("regulator");
        var (changing, same) = (Http.NewUscc(), Http.NewUscc());
        var first = await ImportAsync(regulator, "enterprises", "first.csv", Csv(Row(changing, "杭州旧名称有限公司"), Row(same, "杭州不变有限公司")));
        Assert.Equal(2, first.GetProperty("inserted").GetInt32());

        var second = await ImportAsync(regulator, "enterprises", "second.csv", Csv(Row(changing, "杭州新名称有限公司", rating: "B"), Row(same, "杭州不变有限公司")));

        Assert.Equal(0, second.GetProperty("inserted").GetInt32());
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(1, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, second.GetProperty("failed").GetInt32());
        var id = (await FindAsync(regulator, changing))!.Value.GetProperty("id").GetInt64();
        var enterprise = await (await regulator.GetAsync($"/api/v1/enterprises/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("杭州新名称有限公司", enterprise.GetProperty("name").GetString());
        var history = enterprise.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("field").GetString(), h.GetProperty("oldValue").GetString(), h.GetProperty("newValue").GetString())).ToList();
        Assert.Contains(("name", "杭州旧名称有限公司", "杭州新名称有限公司"), history);
        Assert.Contains(("tax_credit_rating", "A", "B"), history);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task AfterAnImport_TheDeterminationForTheBusinessDateIsStoredWithItsExplanationTree()
    {
        using var regulator = await app.ClientAsync("regulator");
        var code = Http.NewUscc();
        await ImportAsync(regulator, "enterprises", "one.csv", Csv(Row(code, "杭州判定测试制造有限公司")));
        var taxes = Encoding.UTF8.GetBytes($"uscc,year,tax_paid\n{code},2020,3000000.00\n{code},2021,3200000.00\n{code},2022,3500000.00\n{Http.NewUscc()},2022,10.00\n");

        var import = await ImportAsync(regulator, "taxes", "taxes.csv", taxes);

        Assert.Equal(3, import.GetProperty("inserted").GetInt32());
        Assert.Equal(1, import.GetProperty("failed").GetInt32());
        var id = (await FindAsync(regulator, code))!.Value.GetProperty("id").GetInt64();
        var enterprise = await (await regulator.GetAsync($"/api/v1/enterprises/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["2022", "2021", "2020"], enterprise.GetProperty("taxes").EnumerateArray().Select(t => t.GetProperty("year").ToString()).ToArray());
        var determination = enterprise.GetProperty("determination");
        Assert.Equal(JsonValueKind.Object, determination.ValueKind);
        Assert.Equal("2023-06-30", determination.GetProperty("asOf").GetString());
        Assert.False(string.IsNullOrEmpty(determination.GetProperty("policyVersion").GetString()));
        var tree = determination.GetProperty("explanation");
        Assert.False(string.IsNullOrEmpty(tree.GetProperty("test").GetString()));
        Assert.NotEmpty(tree.GetProperty("children").EnumerateArray());
        Assert.Contains(Nodes(tree), n => n.TryGetProperty("clause", out var clause) && clause.ValueKind == JsonValueKind.Object);
        Assert.Contains(Nodes(tree), n => n.GetProperty("inputs").EnumerateObject().Any(i => i.Value.ToString().Contains("3500000.00", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFileMissingARequiredColumn_Is400ProblemNamingTheColumn()
    {
        using var regulator = await app.ClientAsync("regulator");
        var header = Header.Replace(",tax_region", "", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes($"{header}\n{Http.NewUscc()},杭州缺列有限公司,3311,,330106,330106,false,false,A,false,false\n");

        using var response = await PostFileAsync(regulator, "enterprises", "missing.csv", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Contains("tax_region", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.GetProperty("children").EnumerateArray().SelectMany(Nodes).Prepend(node);

    private static string Row(string uscc, string name, string industry = "3311", string rating = "A") =>
        $"{uscc},{name},{industry},,330106,330106,330106,false,false,{rating},true,false";

    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows) + "\n");

    private static Dictionary<string, object> Cells(string uscc, string name, string region = "330106")
    {
        var values = new[] { uscc, name, "3311", "", region, "330106", "330106", "false", "false", "A", "true", "false" };
        return Header.Split(',').Zip(values).ToDictionary(p => p.First, p => (object)p.Second);
    }

    private static Task<HttpResponseMessage> PostFileAsync(HttpClient client, string kind, string fileName, byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv");
        return client.PostAsync($"/api/v1/registry/imports?kind={kind}&fileName={fileName}", body);
    }

    /// <summary>Uploads, polls the import until it is done, then waits for the determinations it triggers.</summary>
    private async Task<JsonElement> ImportAsync(HttpClient client, string kind, string fileName, byte[] content)
    {
        using var response = await PostFileAsync(client, kind, fileName, content);
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/registry/imports/{id}", response.Headers.Location?.OriginalString);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var import = await (await client.GetAsync($"/api/v1/registry/imports/{id}")).ExpectAsync(HttpStatusCode.OK);
            if (import.GetProperty("status").GetString() is "done" or "failed")
            {
                // The re-run of the determinations follows the import; wait for it too.
                await (app.Services.GetRequiredService<ImportJobs>().Completion(id) ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60));
                return import;
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"import {id} still {import.GetProperty("status")} after a minute");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement?> FindAsync(HttpClient client, string uscc)
    {
        var page = await (await client.GetAsync($"/api/v1/enterprises?q={uscc}")).ExpectAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Cast<JsonElement?>().SingleOrDefault();
    }
}

public sealed class SqliteImportTests(SqliteApp app) : ImportTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresImportTests(PostgresApp app) : ImportTests(app), IClassFixture<PostgresApp>;
