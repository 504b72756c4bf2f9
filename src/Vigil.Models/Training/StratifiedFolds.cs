using Vigil.Core.Statistics;

namespace Vigil.Models.Training;

/// <summary>
/// Stratified k-fold assignment that depends only on the seed and this code (never on the .NET version): within
/// each class (negatives, then positives) the row indices, in row order, are shuffled by Fisher–Yates driven by one
/// SplitMix64 generator (Steele, Lea and Flood 2014) seeded with the seed, and the k-th shuffled row of the class goes
/// to fold k mod K. Each fold thus holds ⌊n_c/K⌋ or ⌈n_c/K⌉ rows of each class c.
/// </summary>
public static class StratifiedFolds
{
    public static int[] Assign(bool[] label, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var rng = new SplitMix64(unchecked((ulong)seed));
        var assignment = new int[label.Length];
        foreach (var cls in new[] { false, true })
        {
            var count = 0;
            for (var i = 0; i < label.Length; i++)
                if (label[i] == cls) count++;
            var idx = new int[count];
            var c = 0;
            for (var i = 0; i < label.Length; i++)
                if (label[i] == cls) idx[c++] = i;
            for (var i = idx.Length - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (idx[i], idx[j]) = (idx[j], idx[i]);
            }
            for (var k = 0; k < idx.Length; k++) assignment[idx[k]] = k % folds;
        }
        return assignment;
    }
}
