using System.Collections.Concurrent;
using Vigil.Application;
using Vigil.Application.Demo;
using Xunit;

namespace Vigil.Tests.Demo;

/// <summary>
/// Each shipped demo run once through the application layer (<see cref="DemoJob"/>, no CLI), on first use, shared by
/// every class of the <see cref="DemoRunsGroup"/> so that the suite pays for each demo once. A run writes into
/// <see cref="DemoRun.RunDir"/> and is then moved to <see cref="DemoRun.Dir"/>, which frees the run folder for a replay
/// of its commands.sh with the same paths (so files that name their inputs compare byte for byte).
/// </summary>
public sealed class DemoRuns : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DemoRun>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<object>> _derived = new(StringComparer.Ordinal);

    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vigil-demo-runs-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The direct run of demo <paramref name="name"/>.</summary>
    public DemoRun Direct(string name) => _runs.GetOrAdd(name, n => new Lazy<DemoRun>(() => DemoRun.Start(n, Path.Combine(Root, n)))).Value;

    /// <summary>Something computed once from the runs (e.g. a replay through the CLI), by key.</summary>
    public T Once<T>(string key, Func<T> make) where T : class => (T)_derived.GetOrAdd(key, _ => new Lazy<object>(make)).Value;

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>One direct run: where it ran, where its files are now, what it reported.</summary>
public sealed record DemoRun(DemoDefinition Demo, string RunDir, string Dir, string ExampleDir, DemoResult Result, IReadOnlyList<string> Stages)
{
    public string Name => Demo.Name;

    public string File(string relative) => Path.Combine(Dir, relative);

    internal static DemoRun Start(string name, string root)
    {
        var runDir = Path.Combine(root, "run");
        var progress = new RecordingProgress();
        var result = DemoJob.Run(new DemoOptions(name, runDir), progress);
        var dir = Path.Combine(root, "direct");
        Directory.Move(runDir, dir);
        return new DemoRun(DemoCatalog.Find(name)!, runDir, dir, Path.Combine(DemoJob.ExamplesRoot, name), result, progress.Stages);
    }

    private sealed class RecordingProgress : IJobProgress
    {
        public List<string> Stages { get; } = [];

        public void Report(string stage, double? fraction = null) => Stages.Add(stage);

        public void Note(string message) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoRunsGroup : ICollectionFixture<DemoRuns>
{
    public const string Name = "demo runs";
}
