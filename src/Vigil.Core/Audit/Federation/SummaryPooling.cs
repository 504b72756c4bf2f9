using System.Globalization;

namespace Vigil.Core.Audit.Federation;

/// <summary>
/// Writes a site's rows into its <see cref="SiteSummary"/>, and pools summaries back into audit rows. Pooling
/// expands each (cell, outcome, score bin) count into that many rows with the bin's centre as score (clamped to
/// the side of the threshold the rows' predictions were on), and adds the site as a protected attribute: the audit
/// of the pooled rows then reports every site (the site attribute's groups) and the pool (overall and every other
/// grouping). Counts are exact by construction; score metrics differ from the audit of the original rows only by
/// the ties within a bin (see <see cref="SiteSummary.DefaultScoreBinWidth"/>).
/// </summary>
public static class SummaryPooling
{
    /// <summary>The protected attribute that pooling adds: one level per site.</summary>
    public const string SiteAttribute = "site";

    /// <summary>The summary of one site's audit rows (labels and predictions 0/1, scores in [0, 1]).</summary>
    public static SiteSummary Summarize(AuditData data, string site, double? threshold, int minCell, string positiveLabel,
        double scoreBinWidth = SiteSummary.DefaultScoreBinWidth)
    {
        ArgumentNullException.ThrowIfNull(data);
        SiteSummary.CheckScoreBinWidth(scoreBinWidth);
        var index = new CellIndex(data.Attributes);
        var counts = new long[index.Cells * 4];
        var rows = data.Rows;
        for (var row = 0; row < rows; row++) counts[index.CellOf(row) * 4 + data.Labels[row] * 2 + data.Predictions[row]]++;

        // With a score: one sort of (cell, outcome, bin) keys gives every cell's bins in order.
        long[]? keys = null;
        var bins = SiteSummary.BinCount(scoreBinWidth);
        if (data.Scores is { } scores)
        {
            keys = new long[rows];
            for (var row = 0; row < rows; row++)
                keys[row] = ((long)(index.CellOf(row) * 4 + data.Labels[row] * 2 + data.Predictions[row]) << 32) | (uint)Bin(scores[row], scoreBinWidth, bins);
            Array.Sort(keys);
        }

        var cells = new List<SummaryCell>();
        var at = 0;
        for (var cell = 0; cell < index.Cells; cell++)
        {
            long n = counts[cell * 4] + counts[cell * 4 + 1] + counts[cell * 4 + 2] + counts[cell * 4 + 3];
            if (n == 0) continue;
            var levels = new string[data.Attributes.Count];
            for (var a = 0; a < levels.Length; a++) levels[a] = data.Attributes[a].Levels[index.LevelOf(cell, a)];
            SummaryScoreBins? scoreBins = null;
            if (keys is not null)
            {
                var perOutcome = new List<long>[4];
                for (var o = 0; o < 4; o++)
                {
                    perOutcome[o] = [];
                    var group = (long)(cell * 4 + o);
                    while (at < keys.Length && keys[at] >> 32 == group)
                    {
                        var bin = keys[at] & 0xFFFFFFFF;
                        long count = 0;
                        while (at < keys.Length && keys[at] == ((group << 32) | bin))
                        {
                            count++;
                            at++;
                        }
                        perOutcome[o].Add(bin);
                        perOutcome[o].Add(count);
                    }
                }
                scoreBins = new SummaryScoreBins(perOutcome[0], perOutcome[1], perOutcome[2], perOutcome[3]);
            }
            cells.Add(new SummaryCell(levels, counts[cell * 4], counts[cell * 4 + 1], counts[cell * 4 + 2], counts[cell * 4 + 3],
                n < minCell, scoreBins));
        }
        var attributes = data.Attributes.Select(a => new SummaryProtected(a.Name, a.Levels)).ToList();
        return new SiteSummary(site, attributes, data.Scores is not null, threshold, data.Scores is null ? null : scoreBinWidth, minCell,
            positiveLabel, cells);
    }

    /// <summary>
    /// The bin of a score in [0, 1]: bins are right-closed, (b·w, (b+1)·w], with 0 in the first, as the calibration
    /// bins (0, 0.1], …, (0.9, 1] — so a bin's centre falls in the same calibration bin as its scores. The 1e-9 keeps
    /// a score on an edge (0.1 / 1e-5 = 10000.000000000002 in floating point) in the bin that ends there.
    /// </summary>
    public static int Bin(double score, double width, int bins) => Math.Clamp((int)Math.Ceiling(score / width - 1e-9) - 1, 0, bins - 1);

    /// <summary>
    /// The audit rows of several sites' summaries, with the site as the last protected attribute (see
    /// <see cref="PoolSummaries"/>), rebuilt one by one: memory grows with the rows. The audit itself needs no rebuilt rows
    /// (<see cref="PoolSummaries"/> and the weighted <see cref="AuditEngine"/>); the curves, which walk every row, do.
    /// </summary>
    public static AuditData Pool(IReadOnlyList<SiteSummary> sites, bool withSite = true) => PoolSummaries(sites, withSite).Expand();

    /// <summary>
    /// The distinct audit rows of several sites' summaries and their counts: one row per non-empty (site, cell, outcome,
    /// score bin) with the cell's levels, the outcome's label and prediction, the site as the last protected attribute and
    /// the bin's centre as score (moved to the threshold's side the rows' prediction was on), standing for as many rows as
    /// the bin holds. <see cref="AuditEngine.Run(WeightedAuditData, IReadOnlyList{GroupingSpec}, AuditOptions)"/> audits
    /// them without rebuilding a row (docs/federated.md). All summaries must describe the same audit: the same attributes
    /// in the same order, all with or all without a score, the same threshold, bin width and positive label; site names
    /// must differ. Without <paramref name="withSite"/> the site attribute is left out: the rows of one summary computed
    /// where the data live (a database's push-down, docs/push-down.md) are audited as that source's own rows.
    /// </summary>
    public static WeightedAuditData PoolSummaries(IReadOnlyList<SiteSummary> sites, bool withSite = true)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count == 0) throw VigilException.Usage("no summaries to pool");
        var first = sites[0];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in sites)
        {
            if (!names.Add(s.Site))
                throw VigilException.BadData($"two summaries name the same site '{s.Site}'; each site's summary is pooled once");
            var problem =
                !s.Attributes.Select(a => a.Name).SequenceEqual(first.Attributes.Select(a => a.Name)) ? $"protected attributes {Names(s)} instead of {Names(first)}"
                : withSite && s.Attributes.Any(a => a.Name == SiteAttribute) ? $"a protected attribute named '{SiteAttribute}', which pooling adds"
                : s.HasScore != first.HasScore ? (s.HasScore ? "a score, where the first site has predictions only" : "predictions only, where the first site has a score")
                : s.Threshold != first.Threshold ? $"threshold {s.Threshold} instead of {first.Threshold}"
                : s.ScoreBinWidth != first.ScoreBinWidth ? $"score bin width {s.ScoreBinWidth} instead of {first.ScoreBinWidth}"
                : s.PositiveLabel != first.PositiveLabel ? $"positive label '{s.PositiveLabel}' instead of '{first.PositiveLabel}'"
                : null;
            if (problem is not null)
                throw VigilException.BadData($"site '{s.Site}': its summary has {problem} (site '{first.Site}'); summaries of one audit must agree");
        }

        var attributeCount = first.Attributes.Count;
        var levels = new List<string>[attributeCount];
        var levelIndex = new Dictionary<string, int>[attributeCount];
        for (var a = 0; a < attributeCount; a++)
        {
            var union = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in sites)
                foreach (var level in s.Attributes[a].Levels)
                    if (seen.Add(level)) union.Add(level);
            levels[a] = SortLevels(union);
            levelIndex[a] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < levels[a].Count; i++) levelIndex[a][levels[a][i]] = i;
        }

        // One distinct row per non-empty (site, cell, outcome, bin).
        long distinct = 0;
        foreach (var s in sites)
            foreach (var cell in s.Cells)
                for (var outcome = 0; outcome < 4; outcome++)
                    distinct += first.HasScore && cell.ScoreBins is not null ? cell.ScoreBins.Of(outcome).Count / 2 : cell.Count(outcome) > 0 ? 1 : 0;
        if (distinct > Array.MaxLength) throw VigilException.BadData($"the pooled summaries hold {distinct} score bins, more than one audit can hold in memory");
        var n = (int)distinct;
        var labels = new byte[n];
        var predictions = new byte[n];
        var counts = new long[n];
        var scores = first.HasScore ? new double[n] : null;
        var codes = new int[attributeCount + 1][];
        for (var a = 0; a < attributeCount; a++) codes[a] = new int[n];
        codes[attributeCount] = withSite ? new int[n] : [];
        var width = first.ScoreBinWidth ?? SiteSummary.DefaultScoreBinWidth;
        var threshold = first.Threshold ?? 0.5;

        var row = 0;
        for (var si = 0; si < sites.Count; si++)
        {
            foreach (var cell in sites[si].Cells)
            {
                var cellCodes = new int[attributeCount];
                for (var a = 0; a < attributeCount; a++) cellCodes[a] = levelIndex[a][cell.Levels[a]];
                for (var outcome = 0; outcome < 4; outcome++)
                {
                    var label = (byte)(outcome >> 1);
                    var prediction = (byte)(outcome & 1);
                    if (scores is null || cell.ScoreBins is null)
                    {
                        if (cell.Count(outcome) > 0)
                            Add(row++, cell.Count(outcome), label, prediction, double.NaN, cellCodes, si, labels, predictions, counts, scores, codes);
                        continue;
                    }
                    var pairs = cell.ScoreBins.Of(outcome);
                    for (var p = 0; p + 1 < pairs.Count; p += 2)
                        Add(row++, pairs[p + 1], label, prediction, Centre(pairs[p], width, prediction, threshold), cellCodes, si, labels,
                            predictions, counts, scores, codes);
                }
            }
        }

        var attributes = new List<ProtectedColumn>(attributeCount + 1);
        for (var a = 0; a < attributeCount; a++) attributes.Add(new ProtectedColumn(first.Attributes[a].Name, codes[a], [.. levels[a]]));
        if (withSite) attributes.Add(new ProtectedColumn(SiteAttribute, codes[attributeCount], [.. sites.Select(s => s.Site)]));
        return new WeightedAuditData(new AuditData(labels, predictions, scores, attributes), counts);
    }

    private static void Add(int row, long count, byte label, byte prediction, double score, int[] cellCodes, int site,
        byte[] labels, byte[] predictions, long[] counts, double[]? scores, int[][] codes)
    {
        labels[row] = label;
        predictions[row] = prediction;
        counts[row] = count;
        if (scores is not null) scores[row] = score;
        for (var a = 0; a < cellCodes.Length; a++) codes[a][row] = cellCodes[a];
        if (codes[cellCodes.Length].Length > 0) codes[cellCodes.Length][row] = site;
    }

    /// <summary>The centre of bin <paramref name="bin"/>, moved to the threshold's side its rows' prediction was on.</summary>
    private static double Centre(long bin, double width, byte prediction, double threshold)
    {
        var centre = Math.Min(1, (bin + 0.5) * width);
        if (prediction == 1 && centre < threshold) return threshold;
        if (prediction == 0 && centre >= threshold) return Math.BitDecrement(threshold);
        return centre;
    }

    private static string Names(SiteSummary s) => "[" + string.Join(", ", s.Attributes.Select(a => a.Name)) + "]";

    /// <summary>Numerically when every level is a number, else ordinally (as the file loaders sort levels).</summary>
    private static List<string> SortLevels(List<string> levels)
    {
        var allNumeric = levels.TrueForAll(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var array = levels.ToArray();
        if (allNumeric)
            Array.Sort(array, (x, y) =>
            {
                var c = double.Parse(x, CultureInfo.InvariantCulture).CompareTo(double.Parse(y, CultureInfo.InvariantCulture));
                return c != 0 ? c : string.CompareOrdinal(x, y);
            });
        else
            Array.Sort(array, StringComparer.Ordinal);
        return [.. array];
    }
}
