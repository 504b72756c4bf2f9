namespace Vigil.Mitigation.Reductions;

/// <summary>
/// A small dense linear program solver (two-phase primal simplex on a tableau, Bland's rule, so it cannot cycle) for
/// the saddle-point step of Exponentiated Gradient, whose programs have a handful of rows and at most a few hundred
/// columns: minimise cᵀx subject to A_ub·x ≤ b_ub, A_eq·x = b_eq, x ≥ 0 except the variables marked free.
/// Fairlearn solves the same programs with SciPy's <c>linprog(method="highs-ds")</c>; where the optimum is not unique
/// the two may return different optimal vertices.
/// </summary>
internal static class LinearProgram
{
    private const double Tolerance = 1e-10;

    /// <summary>The optimal x, or null when the program is infeasible or unbounded.</summary>
    public static double[]? Minimize(double[] c, double[][] aUb, double[] bUb, double[][] aEq, double[] bEq, bool[]? free = null)
    {
        var nVar = c.Length;
        free ??= new bool[nVar];
        // Column layout: for each original variable one column (its positive part), plus one more for a free
        // variable's negative part; then one slack per inequality; then one artificial per row.
        var colOf = new int[nVar];
        var negColOf = new int[nVar];
        var cols = 0;
        for (var j = 0; j < nVar; j++)
        {
            colOf[j] = cols++;
            negColOf[j] = free[j] ? cols++ : -1;
        }
        var m = bUb.Length + bEq.Length;
        var slackStart = cols;
        cols += bUb.Length;
        var artStart = cols;
        cols += m;
        var t = new double[m + 1][]; // rows 0..m-1 constraints, row m objective; last column rhs
        for (var r = 0; r <= m; r++) t[r] = new double[cols + 1];
        var basis = new int[m];
        for (var r = 0; r < m; r++)
        {
            var isUb = r < bUb.Length;
            var a = isUb ? aUb[r] : aEq[r - bUb.Length];
            var b = isUb ? bUb[r] : bEq[r - bUb.Length];
            var row = t[r];
            for (var j = 0; j < nVar; j++)
            {
                row[colOf[j]] = a[j];
                if (negColOf[j] >= 0) row[negColOf[j]] = -a[j];
            }
            if (isUb) row[slackStart + r] = 1;
            row[cols] = b;
            if (b < 0)
                for (var k = 0; k <= cols; k++) row[k] = -row[k];
            row[artStart + r] = 1;
            basis[r] = artStart + r;
        }
        // Phase 1: minimise the sum of artificials. Objective row holds reduced costs: −Σ rows over artificials.
        var obj = t[m];
        Array.Clear(obj);
        for (var r = 0; r < m; r++)
            for (var k = 0; k <= cols; k++)
                if (k < artStart || k >= artStart + m || k == cols) obj[k] -= t[r][k];
        if (!Pivot(t, basis, m, cols, artStart + m)) return null;
        if (-obj[cols] > 1e-7) return null; // infeasible
        // Drive artificials out of the basis where possible.
        for (var r = 0; r < m; r++)
        {
            if (basis[r] < artStart) continue;
            for (var k = 0; k < artStart; k++)
            {
                if (Math.Abs(t[r][k]) <= 1e-9) continue;
                DoPivot(t, basis, m, cols, r, k);
                break;
            }
        }
        // Phase 2: reduced costs of the real objective.
        Array.Clear(obj);
        for (var j = 0; j < nVar; j++)
        {
            obj[colOf[j]] = c[j];
            if (negColOf[j] >= 0) obj[negColOf[j]] = -c[j];
        }
        for (var r = 0; r < m; r++)
        {
            var cb = obj[basis[r]];
            if (cb == 0) continue;
            for (var k = 0; k <= cols; k++) obj[k] -= cb * t[r][k];
        }
        if (!Pivot(t, basis, m, cols, artStart)) return null;
        var values = new double[cols];
        for (var r = 0; r < m; r++) values[basis[r]] = t[r][cols];
        var x = new double[nVar];
        for (var j = 0; j < nVar; j++) x[j] = values[colOf[j]] - (negColOf[j] >= 0 ? values[negColOf[j]] : 0);
        return x;
    }

    /// <summary>Simplex iterations over the columns below <paramref name="enterLimit"/>; false when unbounded.</summary>
    private static bool Pivot(double[][] t, int[] basis, int m, int cols, int enterLimit)
    {
        var obj = t[m];
        for (var iteration = 0; iteration < 50_000; iteration++)
        {
            // Bland: the lowest-index column with a negative reduced cost enters.
            var enter = -1;
            for (var k = 0; k < enterLimit; k++)
            {
                if (obj[k] < -Tolerance)
                {
                    enter = k;
                    break;
                }
            }
            if (enter < 0) return true;
            var leave = -1;
            var best = double.PositiveInfinity;
            for (var r = 0; r < m; r++)
            {
                var a = t[r][enter];
                if (a <= Tolerance) continue;
                var ratio = t[r][cols] / a;
                if (ratio < best - 1e-12 || (Math.Abs(ratio - best) <= 1e-12 && basis[r] < basis[leave]))
                {
                    best = ratio;
                    leave = r;
                }
            }
            if (leave < 0) return false;
            DoPivot(t, basis, m, cols, leave, enter);
        }
        return true;
    }

    private static void DoPivot(double[][] t, int[] basis, int m, int cols, int row, int col)
    {
        var pivotRow = t[row];
        var p = pivotRow[col];
        for (var k = 0; k <= cols; k++) pivotRow[k] /= p;
        for (var r = 0; r <= m; r++)
        {
            if (r == row) continue;
            var f = t[r][col];
            if (f == 0) continue;
            var target = t[r];
            for (var k = 0; k <= cols; k++) target[k] -= f * pivotRow[k];
        }
        basis[row] = col;
    }
}
