using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Application.Audit;
using Vigil.Core.Audit;

namespace Vigil.Cli.Output;

/// <summary>Renders an audit as console tables (Spectre.Console), FNR first.</summary>
public static class AuditTableRenderer
{
    public static string Render(AuditResult result, AuditInputInfo input)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.WriteLine(AuditSummaryText.Headline(result, input));
        console.WriteLine(AuditSummaryText.OverallLine(result));
        foreach (var note in input.Notes) console.WriteLine($"Note: {note}");
        foreach (var grouping in result.Groupings)
        {
            console.WriteLine();
            var table = new Table { Title = new TableTitle(Markup.Escape($"{grouping.Name} (reference: {grouping.ReferenceGroup})")), Border = TableBorder.Rounded };
            foreach (var h in AuditSummaryText.GroupHeaders) table.AddColumn(new TableColumn(Markup.Escape(h)));
            foreach (var g in grouping.Groups)
                table.AddRow(AuditSummaryText.GroupRow(grouping, g).Select(c => (IRenderable)new Text(c)).ToArray());
            console.Write(table);
            foreach (var line in AuditSummaryText.DisparityLines(grouping)) console.WriteLine(line);
        }
        return writer.ToString();
    }
}
