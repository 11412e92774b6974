using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Rongtong.Domain.Tests;

/// <summary>The platform commands of <c>rongtong</c> (db, registry import, audit, demo, users) on a temp SQLite file each.</summary>
public sealed class CliPlatformTests : IDisposable
{
    private const string Header = "uscc,name,industry_code,key_industry,registered_region,tax_region,operating_region,outsourced_production,output_counted_in_hangzhou,tax_credit_rating,high_tech,tech_sme";
    private const string A = "91330106MA2B0XXXXR";
    private const string B = "91330100MA27Y5EU1M";
    private readonly string _dir = Directory.CreateTempSubdirectory("rongtong-cli-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => Path.Combine(_dir, "rongtong.db");

    private string Connection => $"Data Source={Database};Pooling=False";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.Cli.MainAsync([.. args, "--provider", "Sqlite", "--connection", Connection], stdout, stderr, TimeProvider.System);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement;

    private async Task Migrate()
    {
        var (code, _, err) = await Run("db", "migrate");
        Assert.True(code == 0, err);
    }

    [Fact]
    public async Task DbMigrate_AppliesEveryMigration_ThenIsUpToDate()
    {
        var (code, stdout, _) = await Run("db", "migrate");
        Assert.Equal(0, code);
        Assert.Equal("Sqlite", Json(stdout).GetProperty("provider").GetString());
        Assert.NotEqual(0, Json(stdout).GetProperty("applied").GetArrayLength());

        (code, stdout, _) = await Run("db", "migrate");
        Assert.Equal(0, code);
        Assert.Equal(0, Json(stdout).GetProperty("applied").GetArrayLength());
    }

    [Fact]
    public async Task Commands_OnAnUnmigratedDatabase_ExitTwoAndSayWhatToRun()
    {
        var (code, _, err) = await Run("audit", "verify");
        Assert.Equal(2, code);
        Assert.Contains("rongtong db migrate", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeed_WithFiftyEnterprises_SeedsOnce_AndTheAuditChainVerifies()
    {
        await Migrate();
        var (code, stdout, err) = await Run("demo", "seed", "--enterprises", "50");
        Assert.True(code == 0, err);
        Assert.True(Json(stdout).GetProperty("seeded").GetBoolean());
        Assert.Contains("50 enterprises", Json(stdout).GetProperty("message").GetString(), StringComparison.Ordinal);

        (code, stdout, _) = await Run("demo", "seed", "--enterprises", "50");
        Assert.Equal(1, code);
        Assert.False(Json(stdout).GetProperty("seeded").GetBoolean());

        (code, stdout, _) = await Run("audit", "verify");
        Assert.Equal(0, code);
        Assert.True(Json(stdout).GetProperty("intact").GetBoolean());
        Assert.True(Json(stdout).GetProperty("entries").GetInt64() > 0);
    }

    [Fact]
    public async Task AuditVerify_AfterAnEntryIsAltered_ExitsOneNamingTheEntry()
    {
        await Migrate();
        Assert.Equal(0, (await Run("demo", "seed", "--enterprises", "50")).Code);
        await using (var connection = new SqliteConnection(Connection))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE \"Audit\" SET \"After\" = '{}' WHERE \"Id\" = 3";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var (code, stdout, _) = await Run("audit", "verify");
        Assert.Equal(1, code);
        Assert.False(Json(stdout).GetProperty("intact").GetBoolean());
        Assert.Equal(3, Json(stdout).GetProperty("first_broken_id").GetInt64());
    }

    [Fact]
    public async Task RegistryImport_WithOneBadRow_CompletesAndReportsTheRowWithItsLine()
    {
        await Migrate();
        var enterprises = Write("e.csv",
            $"{Header}\n{A},甲公司,1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"91330106MA2B0XXXXX,坏校验位,1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"{B},乙公司,6513,,330106,330106,330106,false,false,B,false,false\n");
        var (code, stdout, err) = await Run("registry", "import", "--kind", "enterprises", "--file", enterprises, "--as-of", "2023-06-30");
        Assert.True(code == 0, err);
        var summary = Json(stdout);
        Assert.Equal("done", summary.GetProperty("status").GetString());
        Assert.Equal(3, summary.GetProperty("total_rows").GetInt32());
        Assert.Equal(2, summary.GetProperty("inserted").GetInt32());
        Assert.Equal(1, summary.GetProperty("rejected").GetInt32());
        Assert.Contains($"{enterprises}:3: uscc: ", err, StringComparison.Ordinal);
        Assert.Equal(2, summary.GetProperty("determinations").GetProperty("evaluated").GetInt32());

        var taxes = Write("t.csv", $"uscc,year,tax_paid\n{A},2020,100.00\n{A},2021,200.00\n{A},2022,300.50\n{B},2022,-1.00\n");
        (code, stdout, err) = await Run("registry", "import", "--kind", "taxes", "--file", taxes, "--as-of", "2023-06-30");
        Assert.True(code == 0, err);
        Assert.Equal(3, Json(stdout).GetProperty("inserted").GetInt32());
        Assert.Contains($"{taxes}:5: tax_paid: ", err, StringComparison.Ordinal);
        Assert.Equal(2, Json(stdout).GetProperty("determinations").GetProperty("evaluated").GetInt32());

        // The same file again changes nothing.
        (code, stdout, _) = await Run("registry", "import", "--kind", "enterprises", "--file", enterprises, "--as-of", "2023-06-30");
        Assert.Equal(0, code);
        Assert.Equal(2, Json(stdout).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task RegistryImport_WithAMissingColumn_ExitsTwoNamingTheColumn()
    {
        await Migrate();
        var file = Write("short.csv", $"uscc,name\n{A},甲公司\n");
        var (code, stdout, err) = await Run("registry", "import", "--kind", "enterprises", "--file", file);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("required column 'industry_code' is missing", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryImport_OfAFileThatDoesNotExist_ExitsTwo()
    {
        await Migrate();
        var (code, _, err) = await Run("registry", "import", "--kind", "taxes", "--file", Path.Combine(_dir, "nope.csv"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreateAdmin_CreatesTheRegulatorOnce_AndPrintsAnInvitationToken()
    {
        await Migrate();
        var (code, stdout, err) = await Run("users", "create-admin", "--email", "admin@hz.gov.cn", "--organisation-code", "HZ-FIN-REG", "--organisation-name", "杭州市地方金融监督管理局");
        Assert.True(code == 0, err);
        var result = Json(stdout);
        Assert.True(result.GetProperty("organisation_created").GetBoolean());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("token").GetString()));
        Assert.StartsWith("/account/accept?email=admin%40hz.gov.cn&token=", result.GetProperty("accept_path").GetString(), StringComparison.Ordinal);

        (code, stdout, err) = await Run("users", "create-admin", "--email", "second@hz.gov.cn", "--organisation-code", "HZ-FIN-REG", "--organisation-name", "x");
        Assert.True(code == 0, err);
        Assert.False(Json(stdout).GetProperty("organisation_created").GetBoolean());

        (code, _, err) = await Run("users", "create-admin", "--email", "admin@hz.gov.cn", "--organisation-code", "HZ-FIN-REG", "--organisation-name", "x");
        Assert.Equal(1, code);
        Assert.Contains("USER_CONFLICT", err, StringComparison.Ordinal);

        (code, _, _) = await Run("users", "create-admin", "--email", "not-an-address", "--organisation-code", "HZ-FIN-REG", "--organisation-name", "x");
        Assert.Equal(2, code);
    }
}
