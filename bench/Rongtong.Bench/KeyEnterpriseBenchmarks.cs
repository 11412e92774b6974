using BenchmarkDotNet.Attributes;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Bench;

/// <summary>
/// Compute-only throughput of the key-enterprise kernel (一, 三(二)) over a million in-memory rows:
/// no parsing, no output. Results are per enterprise (OperationsPerInvoke = rows).
/// </summary>
[ShortRunJob]
public class KeyEnterpriseBenchmarks
{
    public const int Rows = 1_000_000;

    private EnterpriseColumns _columns = null!;
    private KeyEnterpriseParameters _parameters = null!;
    private uint[] _packed = null!;
    private long[] _quota = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot.Find();
        var policy = RepoRoot.PolicyFolder(root);
        var catalog = PolicyCatalog.Load(relative =>
        {
            var path = Path.Combine(policy, relative);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        });
        _parameters = KeyEnterpriseParameters.Compile(catalog, new DateOnly(2023, 6, 30))
            ?? throw new InvalidOperationException("no policy version in force on 2023-06-30");
        _columns = SyntheticColumns.Build(GeneratorTables.Load(root), catalog, Rows, 42, _parameters.FirstTaxYear, _parameters.TaxYears);
        _packed = new uint[Rows];
        _quota = new long[Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public void Evaluate() => KeyEnterpriseBatch.Evaluate(_columns, _parameters, _packed, _quota, 0, Rows);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void EvaluateParallel() => KeyEnterpriseBatch.EvaluateParallel(_columns, _parameters, _packed, _quota);
}
