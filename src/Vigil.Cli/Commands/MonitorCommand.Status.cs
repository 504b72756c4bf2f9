using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Application.Monitoring;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Cli.Commands;

public static partial class MonitorCommand
{
    /// <summary>`vigil monitor status --url URL --model-id ID [--from --to] [--format table|json] [--out]`.</summary>
    private static Command Status(CliIO io)
    {
        var url = OptionCatalog.Url();
        var apiKey = OptionCatalog.ApiKey();
        var modelId = OptionCatalog.ModelId();
        var modelVersion = OptionCatalog.ModelVersion();
        var from = OptionCatalog.From();
        var to = OptionCatalog.To();
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("status", "A model's status over a period (default: the service's look-back): per group, predictions, label completeness, realized FNR, FPR, PPV and O/E over matured predictions, override rate and open alerts.");
        foreach (var o in new Option[] { url, apiKey, modelId, modelVersion, from, to, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            if (fmt == OutputFormat.Markdown) throw VigilException.Usage("--format markdown: monitor status writes table or json");
            var (f, t) = MonitorTime.Period(parse.GetValue(from), parse.GetValue(to));
            using var client = Client(parse, url, apiKey, io);
            var status = Wait(client.GetStatusAsync(parse.GetValue(modelId)!, f, t, parse.GetValue(modelVersion)));
            var text = fmt == OutputFormat.Json
                ? JsonSerializer.Serialize(status, MonitoringJsonContext.Default.MonitorStatus) + "\n"
                : StatusTable(status);
            Emitter.Emit(io, outPath, text);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>The status as a console table: one row per group, overall first; then the open alerts.</summary>
    internal static string StatusTable(MonitorStatus status)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 180;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{status.Model}{(status.Version is null ? "" : " " + status.Version)}: {status.From:yyyy-MM-dd HH:mm} to {status.To:yyyy-MM-dd HH:mm} UTC (realized performance over matured predictions only)"));
        var table = new Table { Border = TableBorder.Rounded };
        foreach (var h in new[] { "group", "predictions", "matured", "completeness", "FNR", "FPR", "PPV", "O/E", "alert rate", "override", "open alerts" })
            table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var g in new[] { status.Overall }.Concat(status.Groups))
        {
            var open = status.OpenAlerts.Count(a => a.Attribute == g.Attribute && (g.Attribute is null ? a.Level is null or "overall" : a.Level == g.Level));
            string[] cells =
            [
                g.Attribute is null ? g.Level : $"{g.Attribute}={g.Level}",
                Count(g.Predictions, g.SuppressedReason),
                Count(g.Matured, g.SuppressedReason),
                Rate(g.LabelCompleteness, ci: false),
                Rate(g.Fnr),
                Rate(g.Fpr),
                Rate(g.Ppv),
                Rate(g.ObservedToExpected),
                Rate(g.AlertRate, ci: false),
                Rate(g.OverrideRate, ci: false),
                open.ToString(CultureInfo.InvariantCulture),
            ];
            table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
        }
        console.Write(table);
        foreach (var g in new[] { status.Overall }.Concat(status.Groups).Where(g => g.SuppressedReason is not null))
            console.WriteLine($"Suppressed counts of {(g.Attribute is null ? g.Level : $"{g.Attribute}={g.Level}")}: {g.SuppressedReason}");
        if (status.OpenAlerts.Count == 0)
        {
            console.WriteLine("No open alerts.");
        }
        else
        {
            console.WriteLine($"Open alerts ({status.OpenAlerts.Count}):");
            foreach (var a in status.OpenAlerts)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{a.Id} {a.Kind} {a.Metric} {(a.Attribute is null ? "" : $"{a.Attribute}={a.Level} ")}({a.State}, since {a.OpenedAt:yyyy-MM-dd HH:mm}): {a.Message}"));
        }
        return writer.ToString();
    }

    private static string Count(long? n, string? suppressed) =>
        n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : suppressed is null ? "-" : "suppressed";

    /// <summary>A metric as "0.123 [0.101, 0.148]", or "n/a (reason)" when undefined: never 0 in disguise.</summary>
    private static string Rate(MetricValue m, bool ci = true)
    {
        if (m.Value is not { } v) return m.Reason is null ? "n/a" : $"n/a ({m.Reason})";
        var text = v.ToString("0.000", CultureInfo.InvariantCulture);
        return ci && m.Ci is [var lo, var hi]
            ? string.Create(CultureInfo.InvariantCulture, $"{text} [{lo:0.000}, {hi:0.000}]")
            : text;
    }
}
