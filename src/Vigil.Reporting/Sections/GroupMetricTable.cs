using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The per-group table of an attribute or intersection (FNR and sensitivity first), shared by the report and
/// the Model Card. A hidden group's row carries only its name and the suppression note; a group showing its size only
/// (few positives or negatives) carries its number of patients and the note; a group with rounded counts shows "≈" counts
/// and exact rates (docs/suppression.md).
/// </summary>
public static class GroupMetricTable
{
    /// <summary>The header, with the interval level.</summary>
    public static IReadOnlyList<string> Header(AuditReportModel audit) =>
        ["group", "n", "positives", $"FNR ({Numbers.Level(audit)} CI)", "sensitivity (CI)", "FPR (CI)", "specificity (CI)",
         "selection rate (CI)", "PPV (CI)", "AUROC (CI)", "ECE (CI)", "FNR − reference (Holm p)"];

    /// <summary>The table of <paramref name="attribute"/>.</summary>
    public static Table Build(AuditReportModel audit, AttributeAudit attribute, SmallCellPolicy cells)
    {
        var header = Header(audit);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var g in attribute.Groups)
        {
            var name = g.Label == attribute.ReferenceGroup ? $"{g.Label} (reference)" : g.Label;
            rows.Add(cells.IsHidden(g) ? [name, .. Enumerable.Repeat(cells.NoteFor(g), header.Count - 1)]
                : cells.IsSuppressed(g) ? SizeOnlyRow(name, g, cells, header.Count)
                : Row(name, g, attribute.ReferenceGroup == g.Label, attribute.Reference is { } r && cells.IsSuppressed(r), cells));
        }
        return new Table(header, rows);
    }

    /// <summary>The overall row (suppressed too when the whole audit is under the threshold).</summary>
    public static Table Overall(AuditReportModel audit, SmallCellPolicy cells)
    {
        var header = Header(audit);
        IReadOnlyList<string> row = cells.IsHidden(audit.Overall) ? ["overall", .. Enumerable.Repeat(cells.Note, header.Count - 1)]
            : cells.IsSuppressed(audit.Overall) ? ["overall", cells.Patients(audit.Overall), .. Enumerable.Repeat(cells.NoteFor(audit.Overall), header.Count - 2)]
            : Row("overall", audit.Overall, false, false, cells, "—");
        return new Table(header, [row]);
    }

    /// <summary>A group showing its size only: its patients, and the rates over its large class when it has 100 patients or more.</summary>
    private static List<string> SizeOnlyRow(string name, GroupAudit g, SmallCellPolicy cells, int columns)
    {
        var note = cells.NoteFor(g);
        string Rate(string metric) => cells.ShowsRate(g, metric) ? Numbers.PercentWithCi(g.Metric(metric)) : note;
        var row = new List<string> { name, cells.Patients(g), cells.Positives(g), Rate("fnr"), Rate("tpr"), Rate("fpr"), Rate("tnr") };
        while (row.Count < columns) row.Add(note);
        return row;
    }

    private static List<string> Row(string name, GroupAudit g, bool isReference, bool referenceSuppressed, SmallCellPolicy cells, string? vsReferenceText = null)
    {
        var test = g.FnrTest;
        var vsReference = vsReferenceText ?? (isReference ? "reference" : referenceSuppressed ? "suppressed (reference group suppressed)"
            : test?.Difference is double d ? $"{Numbers.WithSign(d * 100, 1)} points (p = {(test.PAdjusted is double p ? Numbers.PValue(p) : "n/a")})"
            : test?.Reason ?? "n/a");
        return
        [
            name, cells.Patients(g), cells.Positives(g),
            Numbers.PercentWithCi(g.Metric("fnr")), Numbers.PercentWithCi(g.Metric("sensitivity")),
            Numbers.PercentWithCi(g.Metric("fpr")), Numbers.PercentWithCi(g.Metric("specificity")),
            Numbers.PercentWithCi(g.Metric("selection_rate")), Numbers.PercentWithCi(g.Metric("ppv")),
            Numbers.DecimalWithCi(g.Metric("auroc")), Numbers.DecimalWithCi(g.Metric("ece")), vsReference,
        ];
    }
}
