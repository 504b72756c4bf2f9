using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Core.DataAudit;
using static Vigil.Application.DataAudit.DataAuditFindings;

namespace Vigil.Cli.Output;

/// <summary>Renders a data audit for the terminal: the findings, then composition and labels per grouping, missingness, the top proxies and sites.</summary>
public static class DataAuditTableRenderer
{
    public static string Render(DataAuditResult r, DataAuditInfo info)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.WriteLine($"Data audit: {r.Input.Rows} rows; label {r.Input.PositiveRule}");
        console.WriteLine();
        foreach (var f in Of(r, info.MinCell)) console.WriteLine("- " + f);
        console.WriteLine();

        foreach (var g in r.Labels.Groupings)
        {
            var t = new Table().Title($"{g.Grouping}: composition and labels (privileged {g.Privileged}; DI {F(g.Aif360.DisparateImpact.Value, 3)}, SPD {F(g.Aif360.StatisticalParityDifference.Value, 3)})");
            foreach (var h in new[] { "group", "n", "share", "positives", "missing label", "prevalence (95% CI)" }) t.AddColumn(h);
            var composition = r.Composition.First(c => c.Site is null && c.Grouping == g.Grouping);
            foreach (var x in g.Groups)
            {
                var share = composition.Groups.First(c => c.Group == x.Group);
                t.AddRow(Cells(x.Group + (share.SmallCell ? " (small)" : ""), x.N.ToString(), P(share.Share), x.Positives.ToString(), x.MissingLabel.ToString(), Ci(x.Prevalence)));
            }
            console.Write(t);
        }

        var m = new Table().Title("Missingness (Holm-adjusted p that it depends on the group)");
        m.AddColumn("column");
        m.AddColumn("missing");
        m.AddColumn("sentinel");
        // Missingness is tested by every grouping and, with several sites, by site.
        foreach (var grouping in r.Missingness.Count > 0 ? r.Missingness[0].ByGroup.Select(t => t.Grouping) : []) m.AddColumn("p by " + grouping);
        foreach (var row in r.Missingness.Where(x => x.Missing > 0))
            m.AddRow(Cells([row.Column, $"{row.Missing} ({P(row.Share!.Value)})", row.MissingSentinel.ToString(), .. row.ByGroup.Select(t => Pv(t.PValueHolm))]));
        console.Write(m);

        var p = new Table().Title("Strongest proxies");
        foreach (var h in new[] { "feature", "attribute", "measure", "strength" }) p.AddColumn(h);
        foreach (var x in r.Proxies.Take(10)) p.AddRow(Cells(x.Feature, x.Attribute, x.Kind == "categorical" ? "Cramér's V" : "|2·AUROC − 1|", F(x.Strength, 3)));
        console.Write(p);

        if (r.Sites is { } s)
        {
            var t = new Table().Title($"Sites (prevalence χ² p = {Pv(s.PrevalenceTest.PValue)})");
            foreach (var h in new[] { "site", "n", "positives", "prevalence (95% CI)", "features with |SMD| > 0.1 vs other sites" }) t.AddColumn(h);
            foreach (var site in s.Sites)
                t.AddRow(Cells(site.Site, site.N.ToString(), site.Positives.ToString(), Ci(site.Prevalence),
                    string.Join(", ", site.Features.Where(f => f.Shifted).Select(f => $"{f.Feature} {F(f.Smd.Value, 2)}"))));
            console.Write(t);
        }
        return writer.ToString();
    }

    private static IRenderable[] Cells(params string[] values) => values.Select(v => (IRenderable)new Text(v)).ToArray();
}
