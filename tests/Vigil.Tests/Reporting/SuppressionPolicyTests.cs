using Vigil.Reporting.Audit;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>The suppression rule itself (docs/suppression.md), on one partition of groups summing to a shown total.</summary>
public sealed class SuppressionPolicyTests
{
    private static CellProtection[] Decide(int[] sizes, int[] positives) =>
        ComplementarySuppression.Decide(sizes, positives, sizes.Sum(), positives.Sum(), SmallCellPolicy.DefaultMinCell);

    [Fact]
    public void Three_rows_without_a_value_round_the_large_complement_instead_of_hiding_it()
    {
        var cells = Decide([3, 32_741, 37_229], [1, 2_920, 3_361]);
        Assert.Equal(new CellProtection(CellShown.Hidden, CellReason.SmallGroup), cells[0]);
        Assert.Equal(new CellProtection(CellShown.Rounded, CellReason.Complementary), cells[1]);
        Assert.Equal(CellProtection.Exact, cells[2]);
    }

    [Fact]
    public void A_complement_under_100_patients_is_hidden_and_says_why()
    {
        var cells = Decide([3, 42, 600], [1, 20, 300]);
        Assert.Equal(new CellProtection(CellShown.Hidden, CellReason.SmallGroup), cells[0]);
        Assert.Equal(new CellProtection(CellShown.Hidden, CellReason.Complementary), cells[1]);
        Assert.Equal(CellProtection.Exact, cells[2]);
    }

    [Fact]
    public void Few_positives_hide_the_outcomes_but_not_the_size()
    {
        // 50 patients with 2 positives: the size is shown, the positives and the rates over them are not; the outcome
        // counts of the 500 would give the 2 back by subtraction, so its positives are rounded (its size stays exact).
        var cells = Decide([50, 500], [2, 200]);
        Assert.Equal(new CellProtection(CellShown.SizeOnly, CellReason.SmallOutcome), cells[0]);
        Assert.Equal(new CellProtection(CellShown.RoundedOutcome, CellReason.Complementary), cells[1]);
    }

    [Fact]
    public void Few_negatives_count_as_few_positives_do()
    {
        Assert.Equal(CellShown.SizeOnly, ComplementarySuppression.Primary(123, 115, 11).Shown);
        Assert.Equal(CellShown.Exact, ComplementarySuppression.Primary(123, 112, 11).Shown);
        Assert.Equal(CellShown.Exact, ComplementarySuppression.Primary(123, 123, 11).Shown);
        Assert.Equal(CellShown.Exact, ComplementarySuppression.Primary(123, 0, 11).Shown);
    }

    [Theory]
    [InlineData(10, 11, CellShown.Hidden)]
    [InlineData(11, 11, CellShown.Exact)]
    [InlineData(12, 11, CellShown.Exact)]
    [InlineData(11, 12, CellShown.Hidden)]
    [InlineData(12, 12, CellShown.Exact)]
    [InlineData(13, 12, CellShown.Exact)]
    public void A_group_of_min_cell_patients_is_shown_and_one_fewer_is_not(int n, int minCell, CellShown expected) =>
        Assert.Equal(expected, ComplementarySuppression.Primary(n, n, minCell).Shown);

    [Fact]
    public void No_group_of_100_or_more_is_suppressed_and_no_single_hidden_cell_is_left_to_subtraction()
    {
        var random = new Random(20240601);
        for (var trial = 0; trial < 2000; trial++)
        {
            var k = random.Next(2, 7);
            var sizes = new int[k];
            var positives = new int[k];
            for (var i = 0; i < k; i++)
            {
                sizes[i] = random.Next(4) == 0 ? random.Next(1, 15) : random.Next(1, 400);
                positives[i] = random.Next(0, sizes[i] + 1);
            }
            var cells = Decide(sizes, positives);
            var primary = sizes.Select((n, i) => ComplementarySuppression.Primary(n, positives[i], SmallCellPolicy.DefaultMinCell)).ToArray();
            for (var i = 0; i < k; i++)
                if (sizes[i] >= SmallCellPolicy.NeverSuppressed && primary[i].Shown == CellShown.Exact)
                    Assert.Contains(cells[i].Shown, new[] { CellShown.Exact, CellShown.Rounded, CellShown.RoundedOutcome });
            // Subtraction from the exact total: never exactly one cell with an inexact size, nor one with inexact outcomes.
            if (ComplementarySuppression.Primary(sizes.Sum(), positives.Sum(), SmallCellPolicy.DefaultMinCell).Shown != CellShown.Exact) continue;
            var sizeOpaque = cells.Count(c => c.Shown is CellShown.Rounded or CellShown.RoundedSizeOnly or CellShown.Hidden);
            var outcomeOpaque = cells.Count(c => c.Shown != CellShown.Exact);
            Assert.NotEqual(1, sizeOpaque);
            Assert.NotEqual(1, outcomeOpaque);
        }
    }

    [Theory]
    [InlineData("'sex' is missing in 3 rows; they form the group '(missing)'", "'sex' is missing in fewer than 11 rows; they form the group '(missing)'")]
    [InlineData("chol is missing in 1 of 294 rows (0 %); it was never missing", "chol is missing in fewer than 11 of 294 rows; it was never missing")]
    [InlineData("chol is missing in 23 of 294 rows (8 %); it was never missing", "chol is missing in 23 of 294 rows (8 %); it was never missing")]
    [InlineData("'age' is missing in 11 rows", "'age' is missing in 11 rows")]
    public void Notes_carried_into_shared_outputs_lose_their_small_counts(string note, string expected) =>
        Assert.Equal(expected, SmallCellText.Mask(note, 11));

    [Fact]
    public void The_scanner_finds_each_kind_of_small_count()
    {
        foreach (var leak in new[] { "F [3/6]", "M [105/113]", "n 7, 30 pos.", "n = 4", "only 8 rows of the rarer class", "missing in 1 of 294 rows", "123 (115)", "| group | n | positives |\n| A | 40 | 2 |" })
            Assert.NotNull(SmallCellScanner.FirstLeak(leak));
        foreach (var clean in new[] { "F [25/97]", "n 303, 139 pos.", "fewer than 11 patients", "95% interval", "5-fold", "n ≈110", "303 (139)", "| group | n | positives |\n| A | 40 | 0 |" })
            Assert.Null(SmallCellScanner.FirstLeak(clean));
    }
}
