namespace Vigil.Core.Drift;

/// <summary>Runs the selected tests on one column and decides its verdict.</summary>
public static class ColumnDriftAnalyzer
{
    public static ColumnDrift Analyze(string column, ColumnSamples samples, TestSelection selection, ColumnTestOverride? chosen = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(selection);
        var hasData = samples.ReferenceCount > 0 && samples.CurrentCount > 0;
        var defaultTest = hasData ? DefaultTestChoice.For(samples) : DefaultTestChoice.For(samples.Type, samples.ReferenceCount, 0);
        var driftTest = chosen?.Test ?? defaultTest;
        if (chosen is not null && !driftTest.AppliesTo(samples.Type))
            throw VigilException.Option("column_test",
                $"'{driftTest.Name}' does not apply to {samples.Type.ToString().ToLowerInvariant()} column '{column}'");

        var outcomes = new List<TestOutcome>();
        TestOutcome? verdict = null;
        foreach (var test in selection.For(samples.Type, driftTest))
        {
            var outcome = test == driftTest ? test.Run(samples, chosen?.Threshold) : test.Run(samples);
            if (test == driftTest) verdict = outcome;
            outcomes.Add(outcome);
        }
        return new ColumnDrift(column, samples.Type, samples.ReferenceCount, samples.CurrentCount,
            samples.MissingReference, samples.MissingCurrent, defaultTest.Name, driftTest.Name,
            verdict!.Drift, verdict.Score, outcomes, hasData ? samples.Binned : null);
    }
}
