using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.DataAudit;

namespace Vigil.Tests.DataAudit;

public class SortedFeatureProperties
{
    [Property(MaxTest = 200)]
    public bool Radix_sorted_values_equal_a_comparison_sort_and_keep_their_rows(NormalFloat[] raw, bool withMissing)
    {
        var values = raw.Select((v, i) => withMissing && i % 3 == 0 ? double.NaN : v.Get).ToArray();
        var sorted = SortedFeature.Of(values);
        var expected = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Values.SequenceEqual(expected)
               && sorted.Rows.Select(r => values[r]).SequenceEqual(sorted.Values)
               && sorted.Rows.Distinct().Count() == sorted.Rows.Length;
    }

    [Property(MaxTest = 200)]
    public bool Auroc_of_a_group_and_of_the_rest_sum_to_one_for_two_groups(NormalFloat[] raw)
    {
        var values = raw.Select(v => Math.Round(v.Get, 1)).ToArray();
        var codes = values.Select((_, i) => i % 2).ToArray();
        var auroc = GroupSeparation.OneVsRestAuroc(values, codes, 2);
        return values.Length < 2 || Math.Abs(auroc[0] + auroc[1] - 1) < 1e-12;
    }
}
