using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Core.Audit.Federation;

namespace Vigil.Contracts.AuditSummary;

/// <summary>
/// Writes a <see cref="SiteSummary"/> as <c>vigil.audit-summary/v2</c> and reads it back, checking what pooling
/// relies on (every cell names a level of each attribute, bins ascending and inside [0, 1/width), per-outcome bin
/// counts adding up to the outcome's rows). Each failure is one line naming the file.
/// </summary>
public static class AuditSummaryFile
{
    /// <summary>The document of a summary (compact JSON: the bin arrays would be one number per line indented).</summary>
    public static string Write(SiteSummary summary, IReadOnlyList<InputRef> inputs)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var document = new AuditSummaryDocument(
            AuditSummaryDocument.SchemaName,
            ToolBlock.Current,
            inputs,
            new AuditSummarySettings(summary.HasScore, summary.Threshold, summary.ScoreBinWidth, summary.MinCell, summary.PositiveLabel),
            summary.Site,
            summary.Rows,
            [.. summary.Attributes.Select(a => new AuditSummaryProtected(a.Name, a.Levels))],
            [.. summary.Cells.Select(c => new AuditSummaryCell(c.Levels, c.N, c.SmallCell, c.Tn, c.Fp, c.Fn, c.Tp,
                c.ScoreBins is { } b ? new AuditSummaryScoreBins(b.Tn, b.Fp, b.Fn, b.Tp) : null))]);
        return ContractFile.Write(document, AuditSummaryJsonContext.Default.AuditSummaryDocument);
    }

    /// <summary>Reads and checks a summary file.</summary>
    public static SiteSummary Read(string path)
    {
        var d = ContractFile.Read(path, AuditSummaryDocument.SchemaName, "vigil audit --summary-out",
            AuditSummaryJsonContext.Default.AuditSummaryDocument);
        var s = d.Settings ?? throw Bad(path, "no \"settings\"");
        if (string.IsNullOrWhiteSpace(d.Site)) throw Bad(path, "no \"site\" name");
        if (d.Attributes is null || d.Attributes.Count == 0) throw Bad(path, "no protected \"attributes\"");
        if (d.Cells is null) throw Bad(path, "no \"cells\"");
        double? width = null;
        var bins = 0;
        if (s.HasScore)
        {
            if (s.ScoreBinWidth is not (> 0 and <= 0.1)) throw Bad(path, "settings.score_bin_width must be in (0, 0.1] when has_score is true");
            width = s.ScoreBinWidth;
            bins = SiteSummary.BinCount(width.Value);
        }
        var levelSets = d.Attributes.Select(a => new HashSet<string>(a.Levels ?? [], StringComparer.Ordinal)).ToList();
        var cells = new List<SummaryCell>(d.Cells.Count);
        long rows = 0;
        for (var i = 0; i < d.Cells.Count; i++)
        {
            var c = d.Cells[i];
            var where = $"cells[{i}]";
            if (c.Levels is null || c.Levels.Count != d.Attributes.Count)
                throw Bad(path, $"{where}: expected {d.Attributes.Count} levels (one per attribute)");
            for (var a = 0; a < c.Levels.Count; a++)
                if (!levelSets[a].Contains(c.Levels[a]))
                    throw Bad(path, $"{where}: '{c.Levels[a]}' is not a level of attribute '{d.Attributes[a].Name}'");
            if (c.Tn < 0 || c.Fp < 0 || c.Fn < 0 || c.Tp < 0) throw Bad(path, $"{where}: negative count");
            if (c.N != c.Tn + c.Fp + c.Fn + c.Tp) throw Bad(path, $"{where}: n = {c.N} but tn + fp + fn + tp = {c.Tn + c.Fp + c.Fn + c.Tp}");
            SummaryScoreBins? scoreBins = null;
            if (s.HasScore)
            {
                if (c.ScoreBins is null) throw Bad(path, $"{where}: no score_bins although has_score is true");
                var b = new SummaryScoreBins(c.ScoreBins.Tn ?? [], c.ScoreBins.Fp ?? [], c.ScoreBins.Fn ?? [], c.ScoreBins.Tp ?? []);
                string[] outcomes = ["tn", "fp", "fn", "tp"];
                var counts = new[] { c.Tn, c.Fp, c.Fn, c.Tp };
                for (var o = 0; o < 4; o++) CheckBins(path, $"{where}.score_bins.{outcomes[o]}", b.Of(o), counts[o], bins);
                scoreBins = b;
            }
            rows += c.N;
            cells.Add(new SummaryCell(c.Levels, c.Tn, c.Fp, c.Fn, c.Tp, c.SmallCell, scoreBins));
        }
        if (rows != d.Rows) throw Bad(path, $"rows = {d.Rows} but the cells hold {rows}");
        return new SiteSummary(d.Site, [.. d.Attributes.Select(a => new SummaryProtected(a.Name, a.Levels ?? []))], s.HasScore,
            s.Threshold, width, s.MinCell, s.PositiveLabel ?? "1", cells);
    }

    private static void CheckBins(string path, string where, IReadOnlyList<long> pairs, long expected, int bins)
    {
        if (pairs.Count % 2 != 0) throw Bad(path, $"{where}: expected [bin, count, ...] pairs");
        long sum = 0;
        long previous = -1;
        for (var p = 0; p < pairs.Count; p += 2)
        {
            if (pairs[p] <= previous || pairs[p] >= bins) throw Bad(path, $"{where}: bin {pairs[p]} is out of order or outside 0..{bins - 1}");
            if (pairs[p + 1] <= 0) throw Bad(path, $"{where}: bin {pairs[p]} has count {pairs[p + 1]}; expected a positive count");
            previous = pairs[p];
            sum += pairs[p + 1];
        }
        if (sum != expected) throw Bad(path, $"{where}: the bins hold {sum} rows, the cell's count is {expected}");
    }

    private static VigilException Bad(string path, string message) => VigilException.BadData($"{path}: {message}");
}
