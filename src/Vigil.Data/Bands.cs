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
}
