namespace Vigil.Application.Demo;

/// <summary>
/// Where one demo run reads and writes: the shipped example's folder and the run's output folder. A demo step names its
/// files as templates with the placeholders {example} and {out}; <see cref="Resolve(string)"/> makes them paths, the same text
/// for the command line in commands.sh and for the job options the direct runner builds.
/// </summary>
public sealed record DemoContext(string ExampleDir, string OutDir)
{
    /// <summary>The template with {example} and {out} replaced.</summary>
    public string Resolve(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Replace("{example}", ExampleDir, StringComparison.Ordinal).Replace("{out}", OutDir, StringComparison.Ordinal);
    }

    /// <summary>Each template resolved.</summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var resolved = new string[templates.Count];
        for (var i = 0; i < resolved.Length; i++) resolved[i] = Resolve(templates[i]);
        return resolved;
    }

    /// <summary>The template resolved, or null.</summary>
    public string? ResolveOrNull(string? template) => template is null ? null : Resolve(template);
}
