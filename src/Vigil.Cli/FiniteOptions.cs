using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Vigil.Core;

namespace Vigil.Cli;

/// <summary>
/// Rejects NaN and ±infinity for every numeric option of every command before it runs: "NaN" parses as a
/// double, and a NaN passes any range check written as `if (x &lt; lo || x &gt; hi)`, so it would reach the
/// statistics (and the JSON writer, which cannot write it) unless refused here, once for all options.
/// </summary>
internal static class FiniteOptions
{
    public static void Check(ParseResult parse)
    {
        foreach (var o in parse.CommandResult.Children.OfType<OptionResult>())
        {
            if (o.Implicit) continue;
            double? value = o.Option.ValueType == typeof(double) ? o.GetValueOrDefault<double>()
                : o.Option.ValueType == typeof(double?) ? o.GetValueOrDefault<double?>()
                : null;
            if (value is { } v && !double.IsFinite(v))
                throw VigilException.Usage($"{o.Option.Name} {v.ToString(CultureInfo.InvariantCulture)}: expected a finite number");
        }
    }
}
