using Vigil.Core;
using Vigil.Data;
using Vigil.Reporting.Vignette;

namespace Vigil.Application.Vignette;

/// <summary>
/// The clinical translation of a miss, keyed by scenario and outcome column (docs/governance.md): the built-in rows below,
/// replaced or extended by a CSV (`--vignette-costs FILE`, columns scenario, outcomes (';'-separated outcome column names),
/// action, detected, cost). The scenario is the one named (`--scenario`), else the row whose outcomes hold the audit's
/// label column, else a generic row.
/// </summary>
public static class MissCosts
{
    private sealed record Row(string Scenario, string[] Outcomes, string Action, string Detected, string Cost);

    private static readonly Row[] BuiltIn =
    [
        new("sepsis", ["sepsis", "sepsis_onset", "sepsis3"],
            "a sepsis alert: bedside review, lactate and blood cultures, antibiotics within the hour, escalation to the ICU team",
            "hours later, when the patient deteriorates (hypotension, rising lactate, organ failure)",
            "a delayed ICU transfer and delayed antibiotics; in-hospital mortality rises with every hour of delay to treatment (Seymour et al. 2017, NEJM 376:2235)"),
        new("heart-disease", ["disease", "num", "heart_disease", "cad"],
            "a referral for cardiology work-up (stress test or angiography)",
            "at a later visit, usually after symptoms progress, or at an acute coronary event",
            "a missed referral: coronary artery disease diagnosed and treated late, with the risk of a myocardial infarction or death before work-up"),
        new("readmission", ["readmit30", "readmitted", "readmission"],
            "transition-of-care follow-up: a call within 72 hours, an early clinic visit and medication reconciliation",
            "at an unplanned readmission within 30 days",
            "an avoidable readmission: another hospital stay for the patient, and a readmission penalty for the hospital"),
    ];

    private static readonly Row Generic = new("generic", [],
        "the action the alert is meant to set off", "when the condition shows itself later", "the condition is treated later than the model was meant to allow");

    /// <summary>The cost row for <paramref name="label"/> (the audit's outcome column) or the named <paramref name="scenario"/>.</summary>
    public static MissCost For(string label, string? scenario, string? file)
    {
        var rows = BuiltIn.ToList();
        var source = "Vigil's built-in table";
        if (file is not null)
        {
            foreach (var r in Read(file))
            {
                rows.RemoveAll(x => x.Scenario == r.Scenario);
                rows.Insert(0, r);
            }
            source = $"{Path.GetFileName(file)}, then Vigil's built-in table";
        }
        Row? row;
        if (scenario is not null)
        {
            row = rows.FirstOrDefault(r => r.Scenario == scenario)
                ?? throw VigilException.Option("scenario", $"'{scenario}': no such scenario; known: {string.Join(", ", rows.Select(r => r.Scenario))}");
        }
        else
        {
            row = rows.FirstOrDefault(r => r.Outcomes.Contains(label, StringComparer.OrdinalIgnoreCase)) ?? Generic;
        }
        return new MissCost(row.Scenario, row.Action, row.Detected, row.Cost, row == Generic ? "no scenario for the outcome '" + label + "': give --scenario or --vignette-costs" : source);
    }

    private static List<Row> Read(string file)
    {
        using var source = TabularSource.Open(file);
        string[] names = ["scenario", "outcomes", "action", "detected", "cost"];
        var read = source.Read([.. names.Select(n => new ColumnRequest(n, Param.Ref("vignette_costs"), ColumnKind.Categorical, 10_000, "text"))]);
        var columns = read.Cast<CategoricalColumn>().ToArray();
        var rows = new List<Row>();
        for (var i = 0; i < source.RowCount; i++)
        {
            string Cell(int c)
            {
                var code = columns[c].Codes[i];
                return code < 0 ? throw VigilException.BadData($"{file}: {source.RowName(i)}, column '{names[c]}' is empty") : columns[c].Levels[code];
            }
            rows.Add(new Row(Cell(0), Cell(1).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Cell(2), Cell(3), Cell(4)));
        }
        return rows;
    }
}
