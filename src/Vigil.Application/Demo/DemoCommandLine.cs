using System.Globalization;

namespace Vigil.Application.Demo;

/// <summary>
/// Builds a demo step's `vigil` argument list, flag by flag in the order a call gives them; a value that is null (or an
/// empty list) leaves its flag out, so the line holds exactly what the step sets and the verb's defaults do the rest.
/// </summary>
internal sealed class DemoCommandLine
{
    private readonly List<string> _arguments;

    public DemoCommandLine(string verb) => _arguments = [verb];

    public IReadOnlyList<string> Arguments => _arguments;

    public DemoCommandLine Add(string flag, string? value)
    {
        if (value is null) return this;
        _arguments.Add(flag);
        _arguments.Add(value);
        return this;
    }

    /// <summary>A comma-separated list as one argument.</summary>
    public DemoCommandLine Add(string flag, IReadOnlyList<string>? values) =>
        values is { Count: > 0 } ? Add(flag, string.Join(',', values)) : this;

    public DemoCommandLine Add(string flag, double? value) =>
        value is { } v ? Add(flag, Number(v)) : this;

    public DemoCommandLine Add(string flag, int? value) =>
        value is { } v ? Add(flag, v.ToString(CultureInfo.InvariantCulture)) : this;

    /// <summary>The flag once per value (options that take one file each).</summary>
    public DemoCommandLine Each(string flag, IReadOnlyList<string> values)
    {
        foreach (var v in values) Add(flag, v);
        return this;
    }

    /// <summary>A switch: the flag alone when on.</summary>
    public DemoCommandLine Switch(string flag, bool on)
    {
        if (on) _arguments.Add(flag);
        return this;
    }

    /// <summary>The shortest text that reads back as the same double ("0.12", "2000").</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
