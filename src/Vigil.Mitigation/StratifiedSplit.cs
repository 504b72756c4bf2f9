using Vigil.Core;

namespace Vigil.Mitigation;

/// <summary>
/// Train/test split stratified by group × label: within each of those cells the rows are shuffled (Fisher–Yates,
/// System.Random seeded) and round(fraction · size) of them (at least 1 when the cell has 2 or more rows, never
/// all of them) go to the test set, so every group keeps its label balance in both parts.
/// </summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Test) Split(GroupedLabels data, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw VigilException.Option("test_fraction", $"{testFraction}: expected a number strictly between 0 and 1");
        var cells = new List<int>[data.GroupCount * 2];
        for (var c = 0; c < cells.Length; c++) cells[c] = [];
        for (var i = 0; i < data.Count; i++) cells[data.Groups[i] * 2 + (data.Labels[i] ? 1 : 0)].Add(i);
        var rng = new Random(seed);
        var isTest = new bool[data.Count];
        foreach (var cell in cells)
        {
            var rows = cell.ToArray();
            for (var i = rows.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
            var take = (int)Math.Round(testFraction * rows.Length, MidpointRounding.AwayFromZero);
            if (rows.Length >= 2) take = Math.Clamp(take, 1, rows.Length - 1);
            else take = 0;
            for (var k = 0; k < take; k++) isTest[rows[k]] = true;
        }
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < isTest.Length; i++) (isTest[i] ? test : train).Add(i);
        if (train.Count == 0 || test.Count == 0)
            throw VigilException.BadData($"too few rows ({data.Count}) to split into a training and a test set");
        return (train.ToArray(), test.ToArray());
    }
}
