using System.Globalization;
using System.Text;
using Vigil.Tests.Monitoring.Service;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.EndToEnd;

/// <summary>
/// The whole loop once, shared by the end-to-end tests: `vigil serve` in process on a loopback port over a temporary
/// SQLite file; `vigil monitor register` from the golden sepsis reference; a month of predictions and their outcomes
/// pushed through `vigil monitor push` in a seeded random order with duplicates (some outcomes before their
/// predictions, one file pushed twice); then POST /v1/evaluate matures every prediction (their windows closed months
/// ago by the service's clock).
/// </summary>
public sealed class ReplayFixture : IAsyncLifetime, IDisposable
{
    public const string Model = "sepsis-ews";
    public const string Version = "1.0";
    public const string From = "2026-03-01";
    public const string To = "2026-04-01";

    private readonly TempDir _dir = new();

    internal ServiceTestHost Host { get; private set; } = null!;

    public string Url => Host.Address.ToString();

    public const string AdminKey = ServiceTestHost.AdminSecret;

    public string IngestKey { get; private set; } = "";

    public string ViewerKey { get; private set; } = "";

    public string DatabasePath => _dir.Combine("monitor.db");

    /// <summary>The period's rows, unique, in time order: what a batch `vigil audit` reads.</summary>
    public string BatchCsv => _dir.Combine("period-rows.csv");

    public string Dir => _dir.Path;

    /// <summary>What each push printed, in order.</summary>
    public List<(string File, int Code, string Out, string Err)> Pushes { get; } = [];

    public int Rows { get; private set; }

    public int Positives { get; private set; }

    public int DuplicatePredictions { get; private set; }

    public string EvaluateAnswer { get; private set; } = "";

    public (int Code, string Out, string Err) Registration { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync("sqlite:" + DatabasePath);
        IngestKey = await Host.CreateKeyAsync("e2e-feed", "ingest");
        ViewerKey = await Host.CreateKeyAsync("e2e-viewer", "viewer");

        Registration = await Task.Run(() => CliRunner.Run("monitor", "register",
            "--reference-data", TestFiles.Golden(Path.Combine("monitoring", "sepsis-reference.csv")),
            "--label", "label", "--score", "score", "--protected", "sex,age,race", "--bands", "age=45,65",
            "--features", "lactate,heart_rate,resp_rate,temp,wbc",
            "--model-id", Model, "--model-version", Version, "--intended-use", "Early warning of sepsis in adult inpatients",
            "--outcome-kind", "sepsis_onset", "--window-hours", "72", "--label-delay-hours", "24", "--censor-kinds", "transfer_out",
            "--out", _dir.Combine("registration.json"), "--url", Url, "--api-key", AdminKey));
        if (Registration.Code != 0) throw new InvalidOperationException("register failed: " + Registration.Err);

        WriteEventFiles();
        // Outcomes of the first half arrive before any prediction; the predictions come in two shuffled files with
        // duplicates between and within them; the first file is pushed twice; then the rest of the outcomes.
        await Push("outcomes-early.ndjson", "outcomes");
        await Push("predictions-a.csv", "predictions");
        await Push("predictions-b.csv", "predictions");
        await Push("predictions-a.csv", "predictions");
        await Push("outcomes-late.csv", "outcomes");

        using var admin = Host.Client(AdminKey);
        using var response = await admin.PostAsync("/v1/evaluate", null);
        EvaluateAnswer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"evaluate: {(int)response.StatusCode} {EvaluateAnswer}");
    }

    private async Task Push(string file, string kind)
    {
        var path = _dir.Combine(file);
        // An ingest key may not read registrations, so a predictions CSV names its protected and feature columns.
        string[] columns = kind == "predictions" ? ["--protected", "sex,age,race", "--features", "lactate,heart_rate,resp_rate,temp,wbc"] : [];
        var (code, output, err) = await Task.Run(() => CliRunner.Run(["monitor", "push", path, "--url", Url, "--kind", kind, "--api-key", IngestKey, "--batch-size", "500", .. columns]));
        Pushes.Add((file, code, output, err));
        if (code != 0) throw new InvalidOperationException($"push {file}: exit {code}: {err}");
    }

    /// <summary>Splits the golden month into shuffled event files with duplicates, and the batch rows file.</summary>
    private void WriteEventFiles()
    {
        var lines = File.ReadAllLines(TestFiles.Golden(Path.Combine("monitoring", "sepsis-period.csv")));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Rows = rows.Count;
        Positives = rows.Count(r => r[Col("label")] == "1");

        // The batch file: the same rows a `vigil audit` reads, in time order (as the period audit takes them).
        File.WriteAllText(BatchCsv, "sex,age,race,score,label\n" + string.Concat(rows
            .OrderBy(r => r[Col("time")], StringComparer.Ordinal)
            .Select(r => $"{r[Col("sex")]},{r[Col("age")]},{r[Col("race")]},{r[Col("score")]},{r[Col("label")]}\n")));

        var rng = new Random(14);
        string PredictionLine(string[] r)
        {
            var alert = double.Parse(r[Col("score")], CultureInfo.InvariantCulture) >= 0.5 ? "1" : "0";
            return string.Join(',', r[Col("event_id")], Model, Version, r[Col("time")], r[Col("encounter")], r[Col("patient")], r[Col("site")], r[Col("unit")],
                r[Col("sex")], r[Col("age")], r[Col("race")], r[Col("lactate")], r[Col("heart_rate")], r[Col("resp_rate")], r[Col("temp")], r[Col("wbc")],
                r[Col("score")], alert, alert == "1" ? "sepsis-bundle" : "");
        }
        const string predictionHeader = "event_id,model,model_version,time,encounter,patient,site,unit,sex,age,race,lactate,heart_rate,resp_rate,temp,wbc,score,alert,suggestion\n";
        var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
        var half = shuffled.Count / 2;
        var a = shuffled.Take(half).ToList();
        var b = shuffled.Skip(half).ToList();
        // Duplicates: 150 rows of file a repeated inside b, 100 rows of b repeated inside b, all at random places.
        var dupA = a.OrderBy(_ => rng.Next()).Take(150).ToList();
        var dupB = b.OrderBy(_ => rng.Next()).Take(100).ToList();
        var bWithDuplicates = b.Concat(dupA).Concat(dupB).OrderBy(_ => rng.Next()).ToList();
        DuplicatePredictions = dupA.Count + dupB.Count;
        File.WriteAllText(_dir.Combine("predictions-a.csv"), predictionHeader + string.Concat(a.Select(r => PredictionLine(r) + "\n")));
        File.WriteAllText(_dir.Combine("predictions-b.csv"), predictionHeader + string.Concat(bWithDuplicates.Select(r => PredictionLine(r) + "\n")));

        var outcomes = shuffled.Where(r => r[Col("label")] == "1").ToList();
        var early = outcomes.Take(outcomes.Count / 2).ToList();
        var late = outcomes.Skip(outcomes.Count / 2).Concat(early.Take(20)).OrderBy(_ => rng.Next()).ToList(); // 20 repeats
        var nd = new StringBuilder();
        foreach (var r in early)
            nd.Append(CultureInfo.InvariantCulture, $$"""{"event_id":"o-{{r[Col("event_id")]}}","encounter":"{{r[Col("encounter")]}}","kind":"sepsis_onset","time":"{{r[Col("onset_time")]}}"}""").Append('\n');
        File.WriteAllText(_dir.Combine("outcomes-early.ndjson"), nd.ToString());
        File.WriteAllText(_dir.Combine("outcomes-late.csv"), "event_id,encounter,kind,time\n" +
            string.Concat(late.Select(r => $"o-{r[Col("event_id")]},{r[Col("encounter")]},sepsis_onset,{r[Col("onset_time")]}\n")));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    public void Dispose() => _dir.Dispose();
}
