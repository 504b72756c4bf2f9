namespace Vigil.Core.Drift;

/// <summary>
/// Which tests run on each column: "auto" runs only the column's drift test (Evidently's default choice or the
/// column's override), "all" runs every test that applies to the column's type, a list runs the named tests that
/// apply to the column's type. The drift test always runs, since it decides the column's verdict.
/// </summary>
public sealed class TestSelection
{
    private TestSelection(bool all, IReadOnlyList<StatTest> named)
    {
        IsAll = all;
        Named = named;
    }

    public static TestSelection Auto { get; } = new(false, []);

    public static TestSelection Everything { get; } = new(true, []);

    public bool IsAll { get; }

    public IReadOnlyList<StatTest> Named { get; }

    /// <summary>Parses "auto", "all" or a comma-separated list of test names; throws a usage error for unknown names.</summary>
    public static TestSelection Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim() == "auto") return Auto;
        if (spec.Trim() == "all") return Everything;
        var tests = new List<StatTest>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var test = StatTestCatalog.Find(part)
                       ?? throw VigilException.Option("tests", $"unknown test '{part}'; expected auto, all or some of: {StatTestCatalog.Names}");
            if (!tests.Contains(test)) tests.Add(test);
        }
        return new TestSelection(false, tests);
    }

    /// <summary>The tests to run on a column of this type, the drift test included, in catalog order.</summary>
    public IReadOnlyList<StatTest> For(ColumnType type, StatTest driftTest)
    {
        ArgumentNullException.ThrowIfNull(driftTest);
        var chosen = new List<StatTest>();
        foreach (var t in StatTestCatalog.All)
        {
            var wanted = t == driftTest
                         || (IsAll && t.AppliesTo(type))
                         || (Named.Contains(t) && t.AppliesTo(type));
            if (wanted) chosen.Add(t);
        }
        return chosen;
    }
}

/// <summary>A per-column choice of drift test (and optionally its threshold), as --column-test col=test[:threshold].</summary>
public sealed record ColumnTestOverride(StatTest Test, double? Threshold);
