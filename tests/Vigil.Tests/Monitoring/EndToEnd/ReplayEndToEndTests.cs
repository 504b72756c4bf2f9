using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.EndToEnd;

/// <summary>
/// The service end to end through the command line (issue 14, "Replay"): events pushed in random order with
/// duplicates give exactly the batch `vigil audit` of the same rows; status, report and the audit-trail check work
/// against the running service; a tampered audit row is named.
/// </summary>
public sealed class ReplayEndToEndTests(ReplayFixture f) : IClassFixture<ReplayFixture>
{
    [Fact]
    public void Register_wrote_the_registration_with_its_reference_profile()
    {
        Assert.Contains($"registered {ReplayFixture.Model} {ReplayFixture.Version}", f.Registration.Err, StringComparison.Ordinal);
        var registration = Vigil.Monitoring.Registration.RegistrationFile.Read(Path.Combine(f.Dir, "registration.json"));
        Assert.Equal(2000, registration.Reference!.Rows);
        Assert.Equal(["sex", "age", "race"], registration.Protected.Select(p => p.Name));
        Assert.Equal([45.0, 65.0], registration.Protected[1].Bands!);
        Assert.Equal(["transfer_out"], registration.Outcome.CensorKinds);
        Assert.Equal(5, registration.Reference.Features.Count);
    }

    [Fact]
    public void Pushes_count_every_event_once_whatever_the_order_and_repeats()
    {
        Assert.All(f.Pushes, p => Assert.Equal(0, p.Code));
        long Sum(string kind, string field) => f.Pushes.Where(p => p.Out.StartsWith(kind, StringComparison.Ordinal))
            .Sum(p => long.Parse(System.Text.RegularExpressions.Regex.Match(p.Out, $@"([\d,]+) {field}").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(f.Rows, Sum("predictions", "accepted"));
        Assert.Equal(f.DuplicatePredictions + (f.Rows / 2), Sum("predictions", "duplicates")); // in-file repeats + file a pushed twice
        Assert.Equal(f.Positives, Sum("outcomes", "accepted"));
        Assert.Equal(20, Sum("outcomes", "duplicates"));
    }

    [Fact]
    public async Task The_periods_audit_from_the_service_equals_the_batch_audit_of_the_same_rows()
    {
        using var client = new MonitorClient(f.Host.Address, f.ViewerKey);
        var served = JsonNode.Parse(await client.GetAuditJsonAsync(ReplayFixture.Model,
            DateTimeOffset.Parse(ReplayFixture.From, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(ReplayFixture.To, System.Globalization.CultureInfo.InvariantCulture), ReplayFixture.Version))!.AsObject();
        var (code, output, err) = CliRunner.Run("audit", "--data", f.BatchCsv, "--label", "label", "--score", "score", "--threshold", "0.5",
            "--protected", "sex,age,race", "--bands", "age=45,65", "--min-cell", "11", "--format", "json");
        Assert.True(code == 0, err);
        var batch = JsonNode.Parse(output)!.AsObject();

        Assert.Equal(f.Rows, served["overall"]!["n"]!.GetValue<int>());
        Assert.Equal(f.Positives, served["overall"]!["metrics"]!["positives"]!["value"]!.GetValue<int>());
        foreach (var block in new[] { "inputs", "tool" })
        {
            served.Remove(block);
            batch.Remove(block);
        }
        var difference = FirstDifference(served, batch, "$");
        Assert.True(difference is null, "the service's audit differs from the batch audit at " + difference);
    }

    [Fact]
    public void Status_shows_every_group_matured_with_the_batch_audits_miss_rate()
    {
        var (code, output, err) = CliRunner.Run("monitor", "status", "--url", f.Url, "--api-key", f.ViewerKey, "--model-id", ReplayFixture.Model,
            "--from", ReplayFixture.From, "--to", ReplayFixture.To, "--format", "json");
        Assert.True(code == 0, err);
        var status = JsonSerializer.Deserialize(output, MonitoringJsonContext.Default.MonitorStatus)!;
        Assert.Equal(f.Rows, status.Overall.Predictions);
        Assert.Equal(f.Rows, status.Overall.Matured);
        Assert.Equal(0, status.Overall.Pending);
        Assert.Equal(1.0, status.Overall.LabelCompleteness.Value);
        Assert.Equal(f.Positives, status.Overall.Fn + status.Overall.Tp);
        Assert.Contains(status.Groups, g => g.Attribute == "age" && g.Level == ">=65");

        (code, output, err) = CliRunner.Run("monitor", "status", "--url", f.Url, "--api-key", f.ViewerKey, "--model-id", ReplayFixture.Model,
            "--from", ReplayFixture.From, "--to", ReplayFixture.To);
        Assert.True(code == 0, err);
        Assert.Contains("completeness", output, StringComparison.Ordinal);
        Assert.Contains("age=>=65", output, StringComparison.Ordinal);
        Assert.Contains("3,000", output, StringComparison.Ordinal);
        var fnr = status.Overall.Fnr.Value!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(fnr, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_writes_the_governance_report_of_the_period()
    {
        var outDir = Path.Combine(f.Dir, "march-report");
        var (code, _, err) = CliRunner.Run("monitor", "report", "--url", f.Url, "--api-key", f.ViewerKey, "--model-id", ReplayFixture.Model,
            "--model-version", ReplayFixture.Version, "--from", ReplayFixture.From, "--to", ReplayFixture.To, "--out", outDir);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "model-card.md")) || Directory.GetFiles(outDir).Length > 3);
        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "audit.json")));
        Assert.Equal("vigil.audit/v2", audit.RootElement.GetProperty("schema").GetString());
        Assert.Equal(f.Rows, audit.RootElement.GetProperty("overall").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Report_with_a_policy_shows_the_gate_table_and_the_safeguards_of_the_period()
    {
        var outDir = Path.Combine(f.Dir, "march-report-policy");
        var policy = Path.Combine(AppContext.BaseDirectory, "examples", "policies", "strict-intersectional.yaml");
        var (code, _, err) = CliRunner.Run("monitor", "report", "--url", f.Url, "--api-key", f.ViewerKey, "--model-id", ReplayFixture.Model,
            "--model-version", ReplayFixture.Version, "--from", ReplayFixture.From, "--to", ReplayFixture.To, "--policy", policy, "--out", outDir);
        Assert.True(code == 0, err);
        var gate = Vigil.Contracts.Gate.GateContract.Read(Path.Combine(outDir, "gate.json"));
        Assert.Equal("strict-intersectional", gate.Policy.Name);
        // Calibration is judged per group from the period's status; drift and documents (no card) are not evaluable there, and say so.
        Assert.Contains(gate.Checks, c => c.Rule == "calibration" && c.Subject == "all patients" && c.Status is "pass" or "fail");
        Assert.Contains(gate.Checks, c => c.Rule == "drift" && c.Status == "skipped" && c.Evidence.Contains("not evaluable per window", StringComparison.Ordinal));
        Assert.Contains(gate.Checks, c => c.Rule == "labels" && c.Subject == "all rows" && c.Status is "pass" or "fail");
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("## Governance gate", report, StringComparison.Ordinal);
        Assert.Contains("## Safeguards", report, StringComparison.Ordinal);
        Assert.Contains($"Policy strict-intersectional (SHA-256 {gate.Policy.Sha256[..12]}): {gate.Outcome.ToUpperInvariant()}", report, StringComparison.Ordinal);
        foreach (var s in gate.Safeguards) Assert.Contains(s.Action, report, StringComparison.Ordinal);
        // The store's own safeguards follow (this replay registered no policy, so the service holds none, and says so).
        Assert.Contains("### Safeguards in force in the monitoring service", report, StringComparison.Ordinal);
        Assert.Contains("The monitoring service holds no safeguard for this model", report, StringComparison.Ordinal);
        Assert.Contains("| rule | kind | subject | status | evidence |", File.ReadAllText(Path.Combine(outDir, "gate.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_key_or_an_unknown_model_is_one_line_with_the_right_exit_code()
    {
        var (code, _, err) = CliRunner.Run("monitor", "status", "--url", f.Url, "--api-key", "vgl_not-a-key", "--model-id", ReplayFixture.Model);
        Assert.Equal(2, code);
        Assert.Contains("401", err, StringComparison.Ordinal);
        Assert.DoesNotContain("vgl_not-a-key", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));

        (code, _, err) = CliRunner.Run("monitor", "status", "--url", f.Url, "--api-key", f.ViewerKey, "--model-id", "no-such-model");
        Assert.Equal(2, code);
        Assert.Contains("404", err, StringComparison.Ordinal);
        Assert.Contains("no-such-model", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_log_verify_passes_and_then_names_the_tampered_entry()
    {
        var (code, output, err) = CliRunner.Run("audit-log", "verify", "--url", f.Url, "--api-key", ReplayFixture.AdminKey);
        Assert.True(code == 0, err);
        Assert.Matches(@"^intact: \d+ entries$", output.Trim());
        (code, output, err) = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + f.DatabasePath);
        Assert.True(code == 0, err);
        Assert.StartsWith("intact: ", output, StringComparison.Ordinal);

        // Someone with the database file edits entry 3 (the registration's record): both ways of reading name it.
        using (var db = new SqliteConnection($"Data Source={f.DatabasePath}"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE audit_log SET detail = detail || ' (edited)' WHERE sequence = 3";
            Assert.Equal(1, update.ExecuteNonQuery());
        }
        (code, output, err) = CliRunner.Run("audit-log", "verify", "--url", f.Url, "--api-key", ReplayFixture.AdminKey);
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains("audit trail broken at entry 3: entry 3's hash does not match its content", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + f.DatabasePath);
        Assert.Equal(3, code);
        Assert.Contains("broken at entry 3", err, StringComparison.Ordinal);
    }

    /// <summary>The path of the first difference between two JSON trees, with both values; null when equal.</summary>
    private static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {a?.ToJsonString() ?? "null"} vs {b?.ToJsonString() ?? "null"}";
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
            {
                if (!oa.ContainsKey(key) || !ob.ContainsKey(key)) return $"{path}.{key}: present in only one";
                if (FirstDifference(oa[key], ob[key], $"{path}.{key}") is { } d) return d;
            }
            return null;
        }
        if (a is JsonArray xa && b is JsonArray xb)
        {
            if (xa.Count != xb.Count) return $"{path}: {xa.Count} items vs {xb.Count}";
            for (var i = 0; i < xa.Count; i++)
                if (FirstDifference(xa[i], xb[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }
        return JsonNode.DeepEquals(a, b) ? null : $"{path}: {a.ToJsonString()} (service) vs {b.ToJsonString()} (batch)";
    }
}
