namespace Vigil.Application.Demo;

/// <summary>
/// One stage of a demo: a real `vigil` command line, run in-process exactly as a user would type it.
/// Arguments may hold the placeholders {example} (the shipped example folder) and {out} (the demo's output folder).
/// </summary>
public sealed record DemoStep(string Title, IReadOnlyList<string> Arguments)
{
    /// <summary>The arguments with the placeholders replaced.</summary>
    public string[] Resolve(string exampleDir, string outDir)
    {
        var resolved = new string[Arguments.Count];
        for (var i = 0; i < resolved.Length; i++)
            resolved[i] = Arguments[i].Replace("{example}", exampleDir, StringComparison.Ordinal).Replace("{out}", outDir, StringComparison.Ordinal);
        return resolved;
    }
}
