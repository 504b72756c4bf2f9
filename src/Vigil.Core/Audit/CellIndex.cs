namespace Vigil.Core.Audit;

/// <summary>
/// Mixed-radix numbering of the cells of the cross product of all protected attributes: a row's cell is
/// Σ_a code_a·stride_a. Every attribute group and intersection group is a union of cells.
/// </summary>
public sealed class CellIndex
{
    /// <summary>Cells beyond this make dense per-cell arrays too large; such audits need fewer attributes.</summary>
    public const int MaxCells = 1 << 22;

    private readonly int[][] _codes;
    private readonly int[] _strides;

    public CellIndex(IReadOnlyList<ProtectedColumn> attributes)
    {
        _codes = new int[attributes.Count][];
        _strides = new int[attributes.Count];
        long cells = 1;
        for (var a = 0; a < attributes.Count; a++)
        {
            _codes[a] = attributes[a].Codes;
            _strides[a] = (int)cells;
            cells *= Math.Max(1, attributes[a].Levels.Length);
            if (cells > MaxCells)
                throw VigilException.Usage(
                    $"the protected attributes {string.Join(", ", attributes.Select(x => $"{x.Name} ({x.Levels.Length} levels)"))} " +
                    $"cross into more than {MaxCells} cells; audit fewer attributes at once or band numeric ones more coarsely");
        }
        Cells = (int)cells;
        Levels = attributes.Select(x => x.Levels.Length).ToArray();
    }

    public int Cells { get; }

    /// <summary>Number of levels per attribute.</summary>
    public int[] Levels { get; }

    public int CellOf(int row)
    {
        var cell = 0;
        for (var a = 0; a < _codes.Length; a++) cell += _codes[a][row] * _strides[a];
        return cell;
    }

    /// <summary>The level code of attribute <paramref name="attribute"/> in a cell.</summary>
    public int LevelOf(int cell, int attribute) => cell / _strides[attribute] % Levels[attribute];
}
