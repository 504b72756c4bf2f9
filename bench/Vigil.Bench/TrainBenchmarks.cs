using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vigil.Data;
using Vigil.Models.Training;

namespace Vigil.Bench;

/// <summary>
/// 5-fold LightGBM out-of-fold scores on the 101,766 encounters of the Diabetes 130-US hospitals data (label
/// readmitted = '&lt;30', 22 features; target &lt; 60 s). Run: `-- timing-train` (one cold run, stage times) or
/// `--filter '*TrainBenchmarks*'` (3 measured runs).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class TrainBenchmarks
{
    public const string Features =
        "race,gender,age,admission_type_id,discharge_disposition_id,admission_source_id,time_in_hospital,payer_code,medical_specialty," +
        "num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency,number_inpatient,number_diagnoses," +
        "max_glu_serum,A1Cresult,metformin,insulin,change,diabetesMed";

    public const string Categorical = "admission_type_id,discharge_disposition_id,admission_source_id";

    private ModelTable _table = null!;

    public static string DataFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "diabetes-readmission", "data", "diabetic_data.csv.gz");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("examples/diabetes-readmission/data/diabetic_data.csv.gz not found above " + AppContext.BaseDirectory);
    }

    public static ModelTable Load()
    {
        using var source = TabularSource.Open(DataFile());
        var specs = ModelTableLoader.InferKinds(source, Features.Split(','), new HashSet<string>(Categorical.Split(',')));
        return ModelTableLoader.Load(source, specs, "readmitted", "<30").Table;
    }

    private static long Cpu(ref TimeSpan since)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var ms = (long)(now - since).TotalMilliseconds;
        since = now;
        return ms;
    }

    [GlobalSetup]
    public void Setup() => _table = Load();

    [Benchmark]
    public double LightGbm5Fold() => CrossValidation.Run(_table, ModelKind.LightGbm, 5, 20261129, "diabetes").Scores[0];

    /// <summary>One cold run: load, 5-fold LightGBM, and (with <paramref name="withLogistic"/>) 5-fold logistic for comparison.</summary>
    public static void Timing(bool withLogistic)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var table = Load();
        Console.WriteLine($"load {table.Rows:N0} rows x {table.Features.Count} features from CSV.gz: {sw.ElapsedMilliseconds} ms wall, {Cpu(ref cpu)} ms CPU");
        foreach (var kind in withLogistic ? new[] { ModelKind.LightGbm, ModelKind.Logistic } : [ModelKind.LightGbm])
        {
            sw.Restart();
            var cv = CrossValidation.Run(table, kind, 5, 20261129, "diabetes");
            var auc = Vigil.Core.Statistics.Auroc.WithDeLongCi(cv.Scores, table.Label!);
            Console.WriteLine(System.FormattableString.Invariant(
                $"5-fold {kind}: {sw.Elapsed.TotalSeconds:F1} s wall, {Cpu(ref cpu) / 1000.0:F1} s CPU, out-of-fold AUROC {auc.Value:F4} ({auc.Ci?.Low:F4}-{auc.Ci?.High:F4})"));
        }
    }
}
