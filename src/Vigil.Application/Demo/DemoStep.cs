namespace Vigil.Application.Demo;

/// <summary>
/// One stage of a demo: a typed call of one verb (<see cref="DemoCall"/>), run directly through the application layer,
/// and shown in commands.sh as the plain `vigil` command line that does the same.
/// </summary>
public sealed record DemoStep(string Title, DemoCall Call)
{
    /// <summary>The command line's arguments with the placeholders {example} and {out} unresolved.</summary>
    public IReadOnlyList<string> Arguments => Call.CommandLine();

    /// <summary>The command line's arguments with the placeholders replaced.</summary>
    public string[] Resolve(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. context.Resolve(Arguments)];
    }
}
