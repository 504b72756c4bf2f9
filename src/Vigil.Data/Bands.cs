using System.Globalization;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>
/// Cut points that band a numeric column into ordered groups: edges 45,65 give "&lt;45", "45-64" and
/// "&gt;=65" (the middle label reads "45-64" when edges are whole numbers, else "45.5-&lt;65"), each band
/// closed below and open above.
/// </summary>
public sealed record Bands(string Column, double[] Edges)
{
    /// <summary>Parses "age=45,65".</summary>
    public static Bands Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
            throw VigilException.Option("bands", $"'{spec}': expected COLUMN=EDGE,EDGE,... (e.g. age=45,65)");
        var column = spec[..eq].Trim();
        var parts = spec[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var edges = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out edges[i]) || !double.IsFinite(edges[i]))
                throw VigilException.Option("bands", $"'{spec}': '{parts[i]}' is not a number");
            if (i > 0 && edges[i] <= edges[i - 1])
                throw VigilException.Option("bands", $"'{spec}': edges must increase");
        }
        if (edges.Length == 0) throw VigilException.Option("bands", $"'{spec}': give at least one edge");
        return new Bands(column, edges);
    }

    /// <summary>Band labels, lowest first.</summary>
    public string[] Labels()
    {
        var whole = Array.TrueForAll(Edges, e => e == Math.Floor(e) && Math.Abs(e) < 1e15);
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var labels = new string[Edges.Length + 1];
        labels[0] = "<" + F(Edges[0]);
        for (var i = 1; i < Edges.Length; i++)
            labels[i] = whole ? $"{F(Edges[i - 1])}-{F(Edges[i] - 1)}" : $"{F(Edges[i - 1])}-<{F(Edges[i])}";
        labels[^1] = ">=" + F(Edges[^1]);
        return labels;
    }

    /// <summary>The band index of a value: the number of edges at or below it.</summary>
    public int BandOf(double value)
    {
        var band = 0;
        while (band < Edges.Length && value >= Edges[band]) band++;
        return band;
    }

    /// <summary>Columns with more distinct values than this are taken as measured numbers, not band codes.</summary>
    private const int MaxBandCodes = 64;

    /// <summary>
    /// Refuses a cut that falls inside a band of already-banded data (docs/suppression.md, "Bands"): when every present
    /// value of the column is the midpoint of an equal-width band - at least three distinct values, all on the grid
    /// w/2 + k·w for the smallest gap w &gt; 1, as the diabetes data's age_years holds 5, 15, ..., 95 for ten-year bands -
    /// an edge strictly inside the band [v − w/2, v + w/2) of a present value v would label part of that band
    /// wrongly (ages 60-69 as "&gt;=65"). Other columns are left alone.
    /// </summary>
    public void RefuseCutsInsideBands(double[] values)
    {
        var distinct = new HashSet<double>();
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            if (distinct.Add(v) && distinct.Count > MaxBandCodes) return;
        }
        if (distinct.Count < 3) return;
        var sorted = distinct.ToArray();
        Array.Sort(sorted);
        var width = double.MaxValue;
        for (var i = 1; i < sorted.Length; i++) width = Math.Min(width, sorted[i] - sorted[i - 1]);
        if (!(width > 1)) return;
        const double tolerance = 1e-9;
        foreach (var v in sorted)
        {
            var k = (v - width / 2) / width;
            if (Math.Abs(k - Math.Round(k)) > tolerance) return; // not a midpoint grid
        }
        foreach (var edge in Edges)
            foreach (var v in sorted)
            {
                double lo = v - width / 2, hi = v + width / 2;
                if (edge > lo + tolerance && edge < hi - tolerance)
                {
                    string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
                    throw VigilException.Option("bands",
                        $"{Column}={string.Join(",", Edges.Select(F))}: '{Column}' holds banded values (each is the midpoint of a band {F(width)} wide: "
                        + $"{F(sorted[0])}, {F(sorted[1])}, ..., {F(sorted[^1])}), and the cut {F(edge)} falls inside the band {F(lo)}-<{F(hi)}, "
                        + $"which would label part of it wrongly; cut on band edges such as {F(lo)} or {F(hi)}");
                }
            }
    }
}
