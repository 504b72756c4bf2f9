using ScottPlot;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>
/// Heat map of the false-negative rate over a two-attribute intersection (rows: first attribute's levels,
/// columns: second's), coloured on the Viridis scale from 0 to the largest shown FNR. Small cells, and cells with
/// fewer than min-cell positives (whose 0.0% would read as the best), are masked (grey, "suppressed", no number;
/// docs/suppression.md); cells whose FNR is undefined are light grey "n/a".
/// </summary>
public static class FnrHeatMap
{
    /// <summary>The chart, or null when the intersection does not have exactly two attributes; <paramref name="level"/> names the interval level, e.g. "95%".</summary>
    public static Chart? Render(AttributeAudit intersection, SmallCellPolicy cells, string id, string level)
    {
        if (Build(intersection, cells, level) is not var (plot, title, description, width, height)) return null;
        var fileName = $"fnr-heatmap-{FileSafe(intersection.Name)}.svg";
        return SvgAccessibility.Build(fileName, id, title, description, ChartStyle.Svg(plot, width, height));
    }

    /// <summary>The ScottPlot plot with its title, description and pixel size (also usable for PNG previews); null unless two attributes.</summary>
    public static (Plot Plot, string Title, string Description, int Width, int Height)? Build(AttributeAudit intersection, SmallCellPolicy cells, string level)
    {
        if (intersection.Columns.Count != 2) return null;
        var split = intersection.Groups.Select(g => (Group: g, Parts: g.Label.Split('*'))).Where(x => x.Parts.Length == 2).ToList();
        var rows = split.Select(x => x.Parts[0]).Distinct().ToList();
        var cols = split.Select(x => x.Parts[1]).Distinct().ToList();
        var shown = split.Where(x => cells.ShowsRate(x.Group, "fnr") && x.Group.Metric("fnr").Value is not null).Select(x => x.Group.Metric("fnr").Value!.Value).ToList();
        var max = Math.Max(shown.Count == 0 ? 0 : shown.Max(), 0.01);
        var colormap = new ScottPlot.Colormaps.Viridis();

        var plot = new Plot();
        var title = $"False-negative rate by {intersection.Columns[0]} and {intersection.Columns[1]}";
        plot.Title(title);
        var described = new List<string>();
        foreach (var (group, parts) in split)
        {
            var x = cols.IndexOf(parts[1]);
            var y = rows.Count - 1 - rows.IndexOf(parts[0]);
            var rect = plot.Add.Rectangle(x, x + 1, y, y + 1);
            rect.LineColor = Colors.White;
            rect.LineWidth = 2;
            string text;
            Color textColour = Colors.Black;
            var fnr = group.Metric("fnr");
            if (!cells.ShowsRate(group, "fnr"))
            {
                rect.FillColor = Color.FromHex("#9E9E9E");
                text = "suppressed";
                described.Add($"{group.Label}: {cells.NoteFor(group)}");
            }
            else if (fnr.Value is not double v)
            {
                rect.FillColor = Color.FromHex("#E0E0E0");
                text = "n/a";
                described.Add($"{group.Label}: {Numbers.Undefined(fnr)}");
            }
            else
            {
                var fraction = v / max;
                rect.FillColor = colormap.GetColor(fraction);
                textColour = fraction < 0.55 ? Colors.White : Colors.Black;
                text = Numbers.Percent(v);
                described.Add($"{group.Label}: {Numbers.PercentWithCi(fnr)}");
            }
            var label = plot.Add.Text(text, x + 0.5, y + 0.5);
            label.LabelFontColor = textColour;
            label.LabelFontSize = 16;
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        plot.Axes.Bottom.SetTicks(cols.Select((_, i) => i + 0.5).ToArray(), cols.ToArray());
        plot.Axes.Left.SetTicks(rows.Select((_, i) => rows.Count - 1 - i + 0.5).ToArray(), rows.ToArray());
        plot.XLabel(intersection.Columns[1]);
        plot.YLabel(intersection.Columns[0]);
        plot.Axes.SetLimits(0, cols.Count, 0, rows.Count);
        plot.Grid.IsVisible = false;
        var description = $"Heat map of the false-negative rate for each combination of {intersection.Columns[0]} (rows) and "
            + $"{intersection.Columns[1]} (columns); colour from dark (0%) to yellow ({Numbers.Percent(max)}); grey cells are suppressed small cells "
            + $"or undefined. Values with {level} Wilson intervals follow. " + string.Join("; ", described) + ".";
        return (plot, title, description, 120 + 140 * cols.Count, 120 + 90 * rows.Count);
    }

    /// <summary>A name usable as part of a file name.</summary>
    public static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
